"""Seeded data generators, CSV validation and the pages' URL configs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.basics import data
from engine.basics.config import GDConfig, LinearConfig, LogisticConfig
from engine.basics.csv_data import MAX_BYTES, CsvError, pick_xy, read_csv

GENERATORS = [
    lambda s: data.balloons(s),
    lambda s: data.line_data(s, n=40, noise=2.0),
    lambda s: data.house_multivariate(s),
    lambda s: data.admissions(s),
    lambda s: data.blobs3(s),
]


@pytest.mark.parametrize("make", GENERATORS)
def test_generators_are_deterministic_per_seed(make) -> None:
    a, b, c = make(7), make(7), make(8)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.x, c.x)


def test_generated_ranges_follow_the_slides() -> None:
    h = data.house_multivariate(1)
    assert h.x.shape == (100, 3)
    assert h.x[:, 0].min() >= 22 and h.x[:, 0].max() <= 300
    assert set(np.unique(h.x[:, 1])) <= {1, 2, 3, 4, 5}
    assert h.x[:, 2].min() >= 1 and h.x[:, 2].max() <= 115
    adm = data.admissions(1)
    assert adm.x.shape == (100, 2) and set(np.unique(adm.y)) == {0.0, 1.0}
    assert 0.3 < adm.y.mean() < 0.7
    blobs = data.blobs3(1)
    assert set(np.unique(blobs.y)) == {0.0, 1.0, 2.0}


def test_slide_house_prices() -> None:
    d = data.house_prices()
    assert next(zip(d.x, d.y, strict=True)) == (1210.0, 234.0)
    assert len(d.x) == 6


def test_line_noise_zero_is_exact() -> None:
    d = data.line_data(1, n=10, noise=0.0)
    np.testing.assert_allclose(d.y, 2 * d.x + 1)


# ---- CSV ----------------------------------------------------------------------------------


def test_good_csv_and_missing_values() -> None:
    raw = b"size,price,city\n1,2,a\n2,4.5,b\n3,,c\n4,8,d\n5,NaN,e\n"
    table = read_csv(raw, "h.csv")
    assert table.numeric_columns == ("size", "price")
    x, y, note = pick_xy(table, "size", "price")
    np.testing.assert_array_equal(x, [1, 2, 4])
    np.testing.assert_array_equal(y, [2, 4.5, 8])
    assert note and "2 row(s)" in note


def test_semicolon_csv() -> None:
    table = read_csv(b"a;b\n1;2\n3;4\n5;7\n")
    assert table.numeric_columns == ("a", "b")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"a,b\n1,2\n", "1 data row"),
        (b"name,city\nann,x\nbob,y\ncid,z\n", "two numeric columns"),
        (b"a,b\n1,x\n2,y\n3,z\n", "two numeric columns"),
        (b"\x00\x01\x02garbage\x00\x00\x00\x00\x00", "save it as CSV UTF-8"),
        (b"x\n1\n2\n3\n4\n", r"found 1 among 1 column\(s\): x\.$"),  # never "Unnamed: 0" columns
        (b'x,y\n"1,5","2,5"\n"2,5","3,5"\n"3,5","4,5"\n', "decimal comma: separate the columns with ';'"),
    ],
)
def test_bad_csv_messages(raw: bytes, message: str) -> None:
    with pytest.raises(CsvError, match=message):
        read_csv(raw, "bad.csv")


def test_encodings_and_decimal_commas_are_read() -> None:
    """UTF-16 with its byte-order mark, Windows-1252 text, and "1,5;2,25" (decimal commas)."""
    plain = "x,y\n1,2\n2,4\n3,7\n"
    for raw, note in [
        (plain.encode("utf-16"), "UTF-16"),
        ("größe,y\n1,2\n2,4\n3,7\n".encode("cp1252"), "Windows-1252"),
        (("\ufeff" + plain).encode("utf-8"), None),
    ]:
        table = read_csv(raw, "f.csv")
        assert len(table.numeric_columns) == 2
        assert (note is None and not table.notes) or any(note in n for n in table.notes)
        assert pick_xy(table, *table.numeric_columns)[1].tolist() == [2, 4, 7]
    table = read_csv(b"x;y\n1,5;2,25\n2,5;3,5\n3,5;4,75\n", "eu.csv")
    x, y, _ = pick_xy(table, "x", "y")
    assert x.tolist() == [1.5, 2.5, 3.5] and y.tolist() == [2.25, 3.5, 4.75]
    assert any("decimals with ','" in n for n in table.notes)


def test_values_too_large_to_square_are_named_as_overflow() -> None:
    """x = k*1e150, y = k*1e300 is exactly linear; the problem is overflow, not collinearity."""
    raw = ("x,y\n" + "\n".join(f"{k}e150,{k}e300" for k in range(1, 6))).encode()
    with pytest.raises(CsvError, match="'y' are too large to square"):
        pick_xy(read_csv(raw), "x", "y")


def test_too_large_csv() -> None:
    with pytest.raises(CsvError, match="MB"):
        read_csv(b"a,b\n" + b"1,2\n" * (MAX_BYTES // 4 + 10), "big.csv")


def test_column_choice_errors() -> None:
    table = read_csv(b"a,b,c\n1,2,5\n1,3,5\n1,4,5\n")
    with pytest.raises(CsvError, match="different"):
        pick_xy(table, "a", "a")
    with pytest.raises(CsvError, match="same"):
        pick_xy(table, "a", "b")  # x constant: no slope
    sparse = read_csv(b"a,b\n1,\n2,\n3,\n4,1\n5,2\n6,3\n")
    disjoint = read_csv(b"a,c\n1,\n2,\n3,\n,4\n,5\n,6\n")
    with pytest.raises(CsvError, match="Only 0 row"):
        pick_xy(disjoint, "a", "c")
    with pytest.raises(CsvError, match="not a numeric column"):
        pick_xy(disjoint, "a", "zzz")
    x, _, note = pick_xy(sparse, "a", "b")
    assert len(x) == 3 and note


def test_many_rows_are_truncated_with_a_note() -> None:
    raw = b"a,b\n" + b"".join(f"{i},{2 * i}\n".encode() for i in range(10_050))
    table = read_csv(raw)
    assert len(table.frame) == 10_000 and table.notes


# ---- configs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cfg",
    [
        GDConfig(fn="double_well", x0=-0.5, lr=0.55, steps=80),
        LinearConfig(data="line", noise=4.5, method="sgd", lr=1e-6, scaling="none", mv_scaling="minmax"),
        LogisticConfig(big_tumor=True, threshold=0.8, method="minibatch", batch=16, mc_spread=3.0),
    ],
)
def test_configs_round_trip_through_the_url(cfg) -> None:
    params = cfg.to_params()
    assert all(isinstance(v, str) for v in params.values())
    back, problems = type(cfg).from_params(params)
    assert back == cfg and problems == []
    assert type(cfg)().to_params() == {}


def test_bad_url_values_are_reported_not_raised() -> None:
    cfg, problems = GDConfig.from_params({"fn": "nope", "lr": "nan", "steps": "9999", "x0": "abc"})
    assert cfg == GDConfig()
    assert len(problems) == 4
    cfg, problems = LogisticConfig.from_params({"big_tumor": "maybe", "threshold": "0.7"})
    assert cfg.threshold == 0.7 and len(problems) == 1


def _old_encode(value) -> str:
    """How the pre-table codec (engine/basics/params.py, now deleted) wrote a value into a link."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


@pytest.mark.parametrize(
    "cfg",
    [
        GDConfig(fn="quartic", x0=4.5, lr=0.2, steps=50),
        GDConfig(fn="double_well", x0=-0.5, lr=0.123, steps=80),
        LinearConfig(data="line", noise=4.0, n=60, seed=3, method="minibatch", batch=8, lr=3e-7, epochs=100),
        LinearConfig(w=0.134567, b=112.25, scaling="none", mv_scaling="minmax", lr=1e-6),
        LogisticConfig(big_tumor=True, lr=0.03, epochs=300, threshold=0.8, seed=5, mc_epochs=500, mc_lr=0.05),
    ],
)
def test_old_links_open_the_same_experiment(cfg) -> None:
    """A link written by the old codec (floats as %.6g, bools 1/0, same keys) gives the same config."""
    default = type(cfg)()
    old_link = {
        f.name: _old_encode(getattr(cfg, f.name))
        for f in dataclasses.fields(cfg)
        if getattr(cfg, f.name) != getattr(default, f.name)
    }
    back, problems = type(cfg).from_params(old_link)
    assert problems == []
    assert back == cfg
    assert set(back.to_params()) == set(old_link)  # the same URL keys as before


def test_url_keys_are_the_field_names() -> None:
    """The keys of links shared before the declared tables: every field's name."""
    for cls in (GDConfig, LinearConfig, LogisticConfig):
        assert [info.key for info in cls.fields_info()] == [f.name for f in dataclasses.fields(cls)]


def test_old_written_floats_and_integers() -> None:
    """'3' for a float and '1e-07' (the old %.6g) parse; a whole-number float is fine for an int."""
    cfg, problems = GDConfig.from_params({"x0": "3", "lr": "0.45", "steps": "30.0"})
    assert problems == [] and cfg == GDConfig(x0=3.0, lr=0.45, steps=30)
    cfg, problems = LinearConfig.from_params({"lr": "1e-07", "noise": "4", "w": "-1.6"})
    assert problems == [] and (cfg.lr, cfg.noise, cfg.w) == (1e-7, 4.0, -1.6)
