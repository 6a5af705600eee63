"""Validate an uploaded CSV for regression: clear messages instead of tracebacks."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MIN_ROWS = 3


class CsvError(ValueError):
    """The upload cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class CsvTable:
    """The parsed table, its numeric columns, and notes for the learner (truncation...)."""

    frame: pd.DataFrame
    numeric_columns: tuple[str, ...]
    notes: tuple[str, ...]


def read_csv(raw: bytes, name: str = "upload.csv") -> CsvTable:
    """Parse ``raw`` bytes; raises :class:`CsvError` when the file cannot serve as x/y data."""
    if len(raw) > MAX_BYTES:
        raise CsvError(
            f"{name} is {len(raw) / 1e6:.1f} MB; this page accepts CSV files up to "
            f"{MAX_BYTES // (1024 * 1024)} MB. Upload a smaller sample of your data."
        )
    if not raw.strip():
        raise CsvError(f"{name} is empty.")
    try:
        frame = pd.read_csv(io.BytesIO(raw), sep=None, engine="python", nrows=MAX_ROWS + 1)
    except (
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
        UnicodeDecodeError,
        ValueError,
        csv.Error,
    ) as err:
        raise CsvError(f"{name} could not be read as CSV ({err}).") from None
    notes: list[str] = []
    if len(frame) > MAX_ROWS:
        frame = frame.iloc[:MAX_ROWS]
        notes.append(f"Only the first {MAX_ROWS:,} rows are used.")
    frame.columns = [str(c).strip() or f"column {i + 1}" for i, c in enumerate(frame.columns)]
    if len(frame) < MIN_ROWS:
        raise CsvError(f"{name} has {len(frame)} data row(s); a line needs at least {MIN_ROWS}.")
    numeric = []
    for col in frame.columns:
        values = pd.to_numeric(frame[col], errors="coerce")
        if values.notna().sum() >= MIN_ROWS:
            frame[col] = values
            numeric.append(col)
    if len(numeric) < 2:
        raise CsvError(
            f"{name} needs at least two numeric columns (one for x, one for y); "
            f"found {len(numeric)} among {len(frame.columns)} column(s): "
            + ", ".join(map(str, frame.columns[:8]))
        )
    return CsvTable(frame, tuple(numeric), tuple(notes))


def pick_xy(table: CsvTable, x_col: str, y_col: str) -> tuple[np.ndarray, np.ndarray, str | None]:
    """The chosen columns as float arrays without missing/infinite rows; a note if rows were dropped."""
    if x_col == y_col:
        raise CsvError("Pick two different columns for x and y.")
    for col in (x_col, y_col):
        if col not in table.numeric_columns:
            raise CsvError(f"Column {col!r} is not a numeric column of the file.")
    sub = table.frame[[x_col, y_col]].astype(float).replace([np.inf, -np.inf], np.nan)
    ok = sub.notna().all(axis=1)
    dropped = int((~ok).sum())
    sub = sub[ok]
    if len(sub) < MIN_ROWS:
        raise CsvError(
            f"Only {len(sub)} row(s) have numbers in both {x_col!r} and {y_col!r} "
            f"(missing values in {dropped}); a line needs at least {MIN_ROWS}."
        )
    x, y = sub[x_col].to_numpy(), sub[y_col].to_numpy()
    if np.ptp(x) == 0:
        raise CsvError(f"Every row has the same {x_col!r}: there is no slope to learn.")
    note = f"{dropped} row(s) with missing or non-numeric values were left out." if dropped else None
    return x, y, note
