"""Validate an uploaded CSV for regression: clear messages instead of tracebacks."""

from __future__ import annotations

import csv
import io
import re
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


#: Separators tried, in order of preference (a letter is never one).
SEPARATORS = (",", ";", "\t", "|")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(raw: bytes, name: str) -> tuple[str, str | None]:
    """The file's text and a note when it was not UTF-8: a byte-order mark (UTF-8/16/32) is
    honoured; Windows-1252 is the fallback for 8-bit text; anything else is refused."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                break
            return text, None if codec == "utf-8-sig" else f"{name} is {codec.upper()} text; read as such."
    if raw.count(b"\x00") > len(raw) // 10:
        raise CsvError(
            f"{name} looks like UTF-16/32 text without a byte-order mark, or a binary file: "
            "save it as CSV UTF-8 (in Excel: File > Save As > 'CSV UTF-8') and upload it again."
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvError(f"{name} is not text in a known encoding: save it as CSV UTF-8.") from None
    return text, f"{name} is not UTF-8; it was read as Windows-1252 (Western European) text."


def _consistent_count(lines: list[str], sep: str) -> int:
    """How many times ``sep`` splits every line (0: not on every line, or not equally)."""
    counts = {line.count(sep) for line in lines}
    return counts.pop() if len(counts) == 1 else 0


def guess_format(text: str) -> tuple[str, str]:
    """(separator, decimal mark) of a CSV text: the first of :data:`SEPARATORS` that splits every
    one of the first lines equally (a one-column file: ","), and "," as the decimal mark when
    the separator is ";" and numbers are written like 1,5 (the European convention)."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    found = [sep for sep in SEPARATORS if _consistent_count(lines, sep) > 0]
    sep = found[0] if found else ","
    if ";" in found and re.search(r"\d,\d", "\n".join(lines[1:])):
        sep = ";"  # "1,5;2,25": the commas are decimal marks
    decimal = (
        "," if sep == ";" and re.search(r"(^|;)\s*-?\d+,\d+\s*(;|$)", "\n".join(lines[1:]), re.M) else "."
    )
    return sep, decimal


def read_csv(raw: bytes, name: str = "upload.csv") -> CsvTable:
    """Parse ``raw`` bytes; raises :class:`CsvError` when the file cannot serve as x/y data."""
    if len(raw) > MAX_BYTES:
        raise CsvError(
            f"{name} is {len(raw) / 1e6:.1f} MB; this page accepts CSV files up to "
            f"{MAX_BYTES // (1024 * 1024)} MB. Upload a smaller sample of your data."
        )
    if not raw.strip():
        raise CsvError(f"{name} is empty.")
    text, encoding_note = decode_text(raw, name)
    sep, decimal = guess_format(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, decimal=decimal, nrows=MAX_ROWS + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as err:
        raise CsvError(f"{name} could not be read as CSV ({err}).") from None
    notes: list[str] = [encoding_note] if encoding_note else []
    if decimal == ",":
        notes.append(f"{name} separates columns with ';' and writes decimals with ',' (1,5 = 1.5).")
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
        hint = ""
        if any(frame[c].astype(str).str.fullmatch(r"\s*-?\d+,\d+\s*").mean() > 0.5 for c in frame.columns):
            hint = " Numbers like 1,5 use a decimal comma: separate the columns with ';' (or write 1.5)."
        raise CsvError(
            f"{name} needs at least two numeric columns (one for x, one for y); "
            f"found {len(numeric)} among {len(frame.columns)} column(s): "
            + ", ".join(map(str, frame.columns[:8]))
            + "."
            + hint
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
    with np.errstate(over="ignore"):
        overflow = [c for c, v in ((x_col, x), (y_col, y)) if not np.isfinite(np.sum(v * v))]
    if overflow:
        big = max(float(np.abs(table.frame[c]).max()) for c in overflow)
        raise CsvError(
            f"The values of {' and '.join(map(repr, overflow))} are too large to square (up to {big:.3g}; "
            "a float64 squared overflows past 1.8e308), and least squares sums squares. Divide the "
            "column by a power of ten (e.g. 1e150) and upload it again: the line's shape is the same."
        )
    if np.ptp(x) == 0:
        raise CsvError(f"Every row has the same {x_col!r}: there is no slope to learn.")
    note = f"{dropped} row(s) with missing or non-numeric values were left out." if dropped else None
    return x, y, note
