"""``engine.urlstate``: one declared table drives a page's URL both ways.

Behaviour is compared, not message wording, except where the wording is the contract:
a message about a link value names the URL key (so a learner can find it in the link),
and a choices message lists the allowed values.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any, ClassVar

import pytest

from engine.urlstate import (
    GLOBAL_KEYS,
    MAX_VALUE_CHARS,
    ConfigError,
    UrlConfig,
    decode_scalar,
    encode_value,
    replace_from,
    require,
    setting,
)

SHAPES = ("circle", "square", "star")
LETTERS = ("a", "b", "c", "d")
RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
OFFSETS = (-1.0, -0.5, 0.0, 0.5, 1.0)
MANY = tuple(f"opt{i}" for i in range(12))


@dataclasses.dataclass(frozen=True)
class Everything(UrlConfig):
    """One field of every kind and every constraint the module offers."""

    flag: bool = setting(False, key="on")
    count: int = setting(5, key="n", low=1, high=10)
    steps: int = setting(20, low=1, high=500, clamp=True)
    ratio: float = setting(0.5, low=0.0, high=1.0)
    lr: float = setting(0.03, choices=RATES, grid=True)
    offset: float = setting(0.0, key="off", choices=OFFSETS, grid=True)
    scale: float = setting(1.0, low=0.0, low_open=True)  # open bound, no upper bound
    temp: float = setting(1.0, low=0.0, high=5.0, low_open=True, clamp=True)
    shape: str = setting("circle", choices={"circle": "Circle", "square": "Square", "star": "Star"})
    many: str = setting("opt0", choices=MANY)
    name: str = setting("hello")  # free text
    net: tuple[int, ...] = setting((4, 2), low=1, high=8, max_len=6)
    weights: tuple[float, ...] = setting((0.5, -1.25), low=-10.0, high=10.0)
    letters: tuple[str, ...] = setting(("a", "c"), choices=LETTERS, ordered=True, min_len=1)
    empty: tuple[int, ...] = setting((), low=0, high=9)


@dataclasses.dataclass(frozen=True)
class Window(UrlConfig):
    """A cross-field rule: ``lo < hi``; ``width`` must fit ``size``."""

    lo: int = setting(2, low=0, high=100)
    hi: int = setting(8, low=0, high=100)
    size: int = setting(10, low=1, high=100)
    width: int = setting(3, low=1, high=100)
    tag: str = setting("x", choices=("x", "y"))

    def check(self) -> None:
        require(self.lo < self.hi, "the lower end must be below the upper end", "lo", "hi")
        require(self.width <= self.size, "the window is wider than the input", "width")


START = {"bowl": (1.0, 1.0), "saddle": (-2.0, 0.5), "ridge": (3.0, -3.0)}


@dataclasses.dataclass(frozen=True)
class Race(UrlConfig):
    """A default that depends on another field: each surface has its own start point."""

    PRIMARY: ClassVar[tuple[str, ...]] = ("surface",)

    surface: str = setting("bowl", choices=tuple(START))
    x: float = setting(1.0, low=-5.0, high=5.0)
    y: float = setting(1.0, low=-5.0, high=5.0)
    steps: int = setting(100, low=1, high=1000)

    @classmethod
    def link_base(cls, primary: dict[str, Any]) -> Race:
        surface = primary.get("surface", "bowl")
        x, y = START[surface]
        return cls(surface=surface, x=x, y=y)


def parse(cls: type[UrlConfig], **params: Any) -> tuple[Any, list[str]]:
    config, problems = cls.from_params(params)
    config.validated()  # whatever a link holds, the result is a valid config
    return config, problems


def mentions(problems: list[str], key: str) -> bool:
    """Whether a problem names URL key ``key`` ("ignored n=...", "n=...: ...", "ignored lo, hi from")."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(key)}(?=[=:,]| from)")
    return any(pattern.search(p) for p in problems)


# ---- the table -------------------------------------------------------------------------------
def test_fields_info_reads_kinds_keys_and_defaults_from_the_declaration() -> None:
    info = {i.name: i for i in Everything.fields_info()}
    assert [i.name for i in Everything.fields_info()] == [f.name for f in dataclasses.fields(Everything)]
    assert (info["flag"].kind, info["flag"].key) == (bool, "on")
    assert (info["count"].kind, info["count"].key) == (int, "n")
    assert (info["ratio"].kind, info["ratio"].key) == (float, "ratio")  # key defaults to the name
    assert info["shape"].kind is str
    assert (info["net"].kind, info["net"].item_kind) == (tuple, int)
    assert (info["weights"].kind, info["weights"].item_kind) == (tuple, float)
    assert (info["letters"].kind, info["letters"].item_kind) == (tuple, str)
    assert (info["empty"].kind, info["empty"].item_kind, info["empty"].default) == (tuple, int, ())
    assert Everything.field_info("lr").spec.grid
    with pytest.raises(KeyError):
        Everything.field_info("nope")


def test_defaults_are_valid_and_encode_to_an_empty_link() -> None:
    for cls in (Everything, Window, Race):
        assert cls().validated() == cls()
        assert cls().to_params() == {}
        assert cls.from_params({}) == (cls(), [])


# ---- round trip ------------------------------------------------------------------------------
ROUND_TRIPS = [
    {"flag": True},
    {"count": 1},
    {"count": 10, "steps": 500},
    {"ratio": 0.1 + 0.2},  # 0.30000000000000004: repr keeps every bit
    {"ratio": 1e-300},
    {"lr": 0.001, "offset": -1.0},
    {"offset": 1.0, "lr": 1.0},
    {"scale": 1e300},
    {"scale": 5e-324},
    {"temp": 5.0},
    {"shape": "star", "many": "opt11"},
    {"name": "with space inside"},
    {"name": ""},
    {"net": ()},
    {"net": (8,)},
    {"net": (1, 2, 3, 4, 5, 6)},
    {"weights": (-10.0, 0.1, 1e-07)},
    {"weights": ()},
    {"letters": ("b",)},
    {"letters": ("a", "b", "c", "d")},
    {"empty": (0, 9, 9)},
    {"empty": ()},
]


@pytest.mark.parametrize("values", ROUND_TRIPS, ids=lambda v: ",".join(v))
def test_every_kind_round_trips_through_the_link(values: dict[str, Any]) -> None:
    config = dataclasses.replace(Everything(), **values).validated()
    params = config.to_params()
    changed = {name for name, value in values.items() if value != getattr(Everything(), name)}
    assert set(params) == {Everything.field_info(name).key for name in changed}  # only what differs
    assert all(isinstance(v, str) for v in params.values())
    back, problems = Everything.from_params(params)
    assert problems == []
    assert back == config
    for name, value in values.items():  # same types, not only equal values
        assert type(getattr(back, name)) is type(value)


def test_one_text_format_per_kind() -> None:
    assert (encode_value(True), encode_value(False)) == ("1", "0")
    assert encode_value(0.1) == "0.1"
    assert float(encode_value(1 / 3)) == 1 / 3
    assert encode_value((4, 2)) == "4,2"
    assert encode_value(()) == "-"
    assert encode_value(("a", "c")) == "a,c"


def test_old_style_link_values_are_still_read() -> None:
    """Links written before the shared module: other bool words, floats as ints and back."""
    config, problems = parse(
        Everything, on="true", n="7.0", ratio="0.50", lr="0.0300", off="-0.5", net=" 3 , 2 ", letters="c,a"
    )
    assert problems == []
    assert (config.flag, config.count, config.ratio, config.lr, config.offset) == (True, 7, 0.5, 0.03, -0.5)
    assert config.net == (3, 2)
    assert config.letters == ("a", "c")  # ordered fields keep the declared order
    assert parse(Everything, on="FALSE", n="3")[0].flag is False
    assert parse(Everything, on="0")[0].flag is False


def test_decode_scalar_rejects_what_is_not_its_kind() -> None:
    assert decode_scalar(" 12 ", int) == 12
    assert decode_scalar("1e3", int) == 1000
    assert decode_scalar("2.5", float) == 2.5
    for text, kind in [("2.5", int), ("abc", int), ("abc", float), ("yes", bool), ("", int), ("nan", float)]:
        with pytest.raises(ValueError):
            decode_scalar(text, kind)


# ---- grid snapping, clamping, open bounds ------------------------------------------------------
def test_grid_values_snap_to_the_nearest_offered_value_with_a_note() -> None:
    config, problems = parse(Everything, lr="0.02")
    assert config.lr == 0.03  # nearest on the grid's log scale (0.01 and 0.03 are 3x apart)
    assert len(problems) == 1 and mentions(problems, "lr") and "0.03" in problems[0]
    config, problems = parse(Everything, lr="0.0011")
    assert (config.lr, len(problems)) == (0.001, 1)
    config, problems = parse(Everything, off="0.3")
    assert (config.offset, len(problems)) == (0.5, 1)


def test_grid_values_within_rounding_are_taken_silently() -> None:
    config, problems = parse(Everything, lr="0.030000000001", off="-0.5000000000001")
    assert (config.lr, config.offset, problems) == (0.03, -0.5, [])


def test_grid_ends_are_accepted_even_when_negative() -> None:
    for key, text, name, value in [
        ("off", "-1", "offset", -1.0),
        ("off", "1", "offset", 1.0),
        ("off", "0", "offset", 0.0),
        ("lr", "0.001", "lr", 0.001),
        ("lr", "1", "lr", 1.0),
    ]:
        config, problems = parse(Everything, **{key: text})
        assert (getattr(config, name), problems) == (value, []), (key, text)


def test_grid_values_off_the_grid_range_fall_back_to_the_default() -> None:
    for text in ("5", "1e308", "-1e308", "0.00001"):
        config, problems = parse(Everything, lr=text)
        assert config.lr == Everything().lr
        assert mentions(problems, "lr")
    config, problems = parse(Everything, off="-3")
    assert config.offset == 0.0 and mentions(problems, "off")


def test_clamped_fields_clamp_finite_values_with_a_note() -> None:
    for text, expected in [("0", 1), ("-7", 1), ("501", 500), ("1e308", 500), ("-1e308", 1), ("100", 100)]:
        config, problems = parse(Everything, steps=text)
        assert config.steps == expected, text
        assert type(config.steps) is int
        assert mentions(problems, "steps") == (expected != int(float(text)))
    config, problems = parse(Everything, temp="99")
    assert config.temp == 5.0 and mentions(problems, "temp")


def test_clamp_never_moves_a_value_onto_an_open_bound() -> None:
    for text in ("0", "-1", "-1e308"):
        config, problems = parse(Everything, temp=text)
        assert config.temp == Everything().temp, text  # 0 itself is not allowed: the default
        assert mentions(problems, "temp")


def test_open_bounds_exclude_the_bound_itself() -> None:
    config, problems = parse(Everything, scale="0")
    assert config.scale == 1.0 and mentions(problems, "scale")
    config, problems = parse(Everything, scale="1e-300")
    assert config.scale == 1e-300 and problems == []
    with pytest.raises(ConfigError) as err:
        dataclasses.replace(Everything(), scale=0.0).validated()
    assert err.value.fields == ("scale",)


def test_values_out_of_range_without_clamp_fall_back_to_the_default() -> None:
    for key, name, text in [("n", "count", "0"), ("n", "count", "11"), ("ratio", "ratio", "1.5")]:
        config, problems = parse(Everything, **{key: text})
        assert getattr(config, name) == getattr(Everything(), name)
        assert len(problems) == 1 and mentions(problems, key) and text in problems[0]


# ---- choices ---------------------------------------------------------------------------------
def test_unknown_choice_names_key_value_and_the_allowed_values() -> None:
    config, problems = parse(Everything, shape="hexagon")
    assert config.shape == "circle"
    (problem,) = problems
    assert "shape" in problem and "hexagon" in problem
    assert all(s in problem for s in SHAPES)


def test_a_long_list_of_choices_is_cut_short_in_the_message() -> None:
    (problem,) = parse(Everything, many="nope")[1]
    assert "opt0" in problem and "opt7" in problem
    assert "opt11" not in problem and "..." in problem


def test_tuple_items_are_checked_one_by_one() -> None:
    for key, text in [
        ("net", "4,9"),
        ("net", "4,x"),
        ("net", "1,1,1,1,1,1,1"),
        ("letters", "a,z"),
        ("letters", "-"),
    ]:
        config, problems = parse(Everything, **{key: text})
        assert config == Everything(), (key, text)
        assert mentions(problems, key)
    config, problems = parse(Everything, weights="1,nan")
    assert config.weights == Everything().weights and mentions(problems, "weights")


# ---- cross-field rules ------------------------------------------------------------------------
def test_a_failed_cross_field_rule_drops_only_the_fields_it_names() -> None:
    config, problems = parse(Window, lo="9", hi="3", size="20", tag="y")
    assert (config.lo, config.hi) == (Window().lo, Window().hi)
    assert (config.size, config.tag) == (20, "y")  # kept
    assert len(problems) == 1 and "lo" in problems[0] and "hi" in problems[0]

    config, problems = parse(Window, width="50", lo="30", hi="40")
    assert config.width == Window().width
    assert (config.lo, config.hi) == (30, 40)
    assert len(problems) == 1 and "width" in problems[0]


def test_a_rule_broken_against_a_default_drops_the_link_value() -> None:
    config, problems = parse(Window, lo="50")  # 50 < default hi (8) fails: lo is dropped
    assert config == Window() and mentions(problems, "lo")


def test_validated_raises_config_error_naming_the_fields() -> None:
    with pytest.raises(ConfigError) as err:
        Window(lo=5, hi=5).validated()
    assert err.value.fields == ("lo", "hi")
    with pytest.raises(ConfigError) as err:
        Everything(count=0).validated()
    assert err.value.fields == ("count",)
    for bad in [
        {"flag": 1},
        {"count": 2.5},
        {"count": True},
        {"ratio": math.nan},
        {"ratio": "0.5"},
        {"net": [4]},
    ]:
        with pytest.raises(ConfigError):
            dataclasses.replace(Everything(), **bad).validated()
    assert isinstance(ConfigError("x"), ValueError)


# ---- PRIMARY and link_base ---------------------------------------------------------------------
def test_fields_that_depend_on_a_primary_one_are_told_apart_from_its_own_defaults() -> None:
    saddle = Race.link_base({"surface": "saddle"})
    assert saddle.to_params() == {"surface": "saddle"}  # the saddle's own start: not in the link
    assert Race.from_params({"surface": "saddle"}) == (saddle, [])

    moved = dataclasses.replace(saddle, x=1.0, y=1.0)  # the bowl's start on the saddle
    params = moved.to_params()
    assert params == {"surface": "saddle", "x": "1.0", "y": "1.0"}
    assert Race.from_params(params) == (moved, [])

    config, problems = parse(Race, surface="ridge", steps="7")
    assert (config.x, config.y, config.steps) == (3.0, -3.0, 7)
    config, problems = parse(Race, surface="nowhere", x="2")
    assert (config.surface, config.x, config.y) == ("bowl", 2.0, 1.0) and mentions(problems, "surface")


# ---- hostile links ---------------------------------------------------------------------------
HOSTILE = [
    "abc",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "1e309",
    "",
    " ",
    "0x10",
    "1" + "0" * 400,
    "\x00",
    "é",
]


def taken_as_written(kind: type, text: str, value: Any) -> bool:
    """Whether ``value`` is what ``text`` says for a field of ``kind`` (a hostile text can be valid)."""
    if kind is float:
        try:
            return float(text) == value
        except ValueError:
            return False
    if kind is str:
        return value in (text, text.strip())  # free text is kept as typed; a choice is trimmed
    if kind is tuple:
        return value == () and text.strip() in ("", "-")
    return False


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t) if len(t) < 20 else f"{len(t)}-digits")
def test_hostile_values_never_raise_and_give_a_valid_config(text: str) -> None:
    """Every field at once: each ends at its default, its clamp or grid value, or what the text says
    (free text, an empty list, a finite float where allowed); anything else is reported by key."""
    config, problems = parse(Everything, **{info.key: text for info in Everything.fields_info()})
    for info in Everything.fields_info():
        value = getattr(config, info.name)
        fallback = {info.default}
        if info.spec.clamp:
            fallback |= {info.spec.low, info.spec.high}
        if info.spec.grid:
            fallback |= set(info.spec.choice_values())
        as_written = taken_as_written(info.kind, text, value)
        assert value in fallback or as_written, (info.name, text, value)
        if not as_written:
            assert mentions(problems, info.key), (info.key, text, problems)


def test_nan_inf_and_huge_numbers() -> None:
    for text in ("nan", "inf", "-inf", "1e309"):
        config, problems = parse(Everything, n=text, ratio=text, scale=text, steps=text, temp=text)
        assert config == Everything(), text
        assert all(mentions(problems, k) for k in ("n", "ratio", "scale", "steps", "temp"))
    config, problems = parse(Everything, scale="1e308")  # finite and allowed: taken
    assert config.scale == 1e308 and problems == []
    config, problems = parse(Everything, n="1e308", ratio="1e308")
    assert config == Everything() and mentions(problems, "n") and mentions(problems, "ratio")


def test_a_whole_number_too_big_for_a_float_is_refused_not_raised() -> None:
    huge = "1" + "0" * 400  # 401 characters: under the length limit
    config, problems = parse(Everything, n=huge, net=f"{huge},2", steps=huge)
    assert (config.count, config.net) == (Everything().count, Everything().net)
    assert config.steps in (Everything().steps, 500)
    assert mentions(problems, "n") and mentions(problems, "net")


def test_values_longer_than_the_limit_are_refused_before_parsing() -> None:
    long = "9" * 5000
    config, problems = parse(Everything, **{info.key: long for info in Everything.fields_info()})
    assert config == Everything()
    assert len(problems) == len(Everything.fields_info())
    assert all(len(p) < 200 for p in problems)  # the value is never echoed in full
    ok = "a" * MAX_VALUE_CHARS
    assert parse(Everything, name=ok) == (Everything(name=ok), [])
    config, problems = parse(Everything, name=ok + "a")
    assert config.name == "hello" and mentions(problems, "name")


def test_unknown_keys_are_reported_and_global_ones_are_not() -> None:
    config, problems = parse(Everything, zzz="1", n="3", **{"x" * 5000: "1"})
    assert config.count == 3
    assert len(problems) == 2 and any("zzz" in p for p in problems)
    assert all(len(p) < 200 for p in problems)
    assert parse(Everything, **dict.fromkeys(GLOBAL_KEYS, "1")) == (Everything(), [])


def test_a_repeated_key_uses_its_last_value() -> None:
    config, problems = Everything.from_params({"n": ["3", "4"], "shape": ["star"], "on": []})
    assert (config.count, config.shape, config.flag) == (4, "star", False)
    assert mentions(problems, "on")  # an empty list is an empty value: not 0 or 1
    config, problems = Everything.from_params({"n": ["3", "abc"]})
    assert config.count == 5 and mentions(problems, "n")


def test_free_text_keeps_its_spaces_through_a_link() -> None:
    """A typed prefix "The " (trailing space) must come back as typed; choices are still trimmed."""
    cfg = Everything(name="The ")
    assert Everything.from_params(cfg.to_params())[0] == cfg
    assert Everything.from_params({"shape": " square "})[0].shape == "square"


def test_from_params_accepts_non_string_values() -> None:
    assert Everything.from_params({"n": 3, "ratio": 0.25, "on": 1})[0] == Everything(
        count=3, ratio=0.25, flag=True
    )


# ---- helpers -----------------------------------------------------------------------------------
def test_require_and_replace_from() -> None:
    require(True, "never raised", "lo")
    with pytest.raises(ConfigError) as err:
        require(False, "why", "lo", "hi")
    assert (str(err.value), err.value.fields) == ("why", ("lo", "hi"))
    config = replace_from(Window(), {"lo": 1, "unknown": 3, "tag": "y"}, keep=lambda name: name != "tag")
    assert config == Window(lo=1)
    assert Window(lo=1).as_dict() == {"lo": 1, "hi": 8, "size": 10, "width": 3, "tag": "x"}
