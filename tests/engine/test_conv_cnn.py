"""engine.conv.cnn: shapes and parameter counts equal Keras's own model.summary() / count_params()."""

from __future__ import annotations

import pytest

from engine.conv.cnn import (
    CATS_DOGS_SPEC,
    SLIDES_002_SPEC,
    SLIDES_SPEC,
    SpecError,
    build_keras_model,
    compute_shapes,
    keras_code,
    keras_summary,
    parse_spec,
    to_spec,
)
from engine.conv.config import CnnConfig, KernelConfig, PoolConfig, StepConfig

SPECS = [
    ((28, 28, 1), SLIDES_SPEC),
    ((28, 28, 1), SLIDES_002_SPEC),
    ((150, 150, 3), CATS_DOGS_SPEC),
    ((32, 30, 3), "conv:8:5:2:same,avgpool:3:2:same,conv:4:3:3,maxpool:2:1,dense:6,flatten,dense:3"),
    ((7, 9, 2), "conv:5:4:3:same,maxpool:3:3:same,flatten,dropout:0.2,dense:2"),
]


@pytest.mark.parametrize(("shape", "spec"), SPECS)
def test_shapes_and_params_match_keras(shape, spec: str) -> None:
    layers = parse_spec(spec)
    table = compute_shapes(shape, layers)
    assert table.ok, table.problem
    model = build_keras_model(shape, layers)
    rows, total, text = keras_summary(model)
    assert [(r.keras_type, r.shape, r.params) for r in table.rows] == rows
    assert table.total_params == total == model.count_params()
    assert f"{total:,}" in text


def test_slides_model_numbers() -> None:
    table = compute_shapes((28, 28, 1), parse_spec(SLIDES_SPEC))
    assert [r.shape for r in table.rows] == [
        (26, 26, 32),
        (13, 13, 32),
        (11, 11, 32),
        (5, 5, 32),
        (800,),
        (128,),
        (10,),
    ]
    assert table.total_params == 113_386
    assert table.rows[0].params_math == "(3·3·1 weights + 1 bias) × 32 filters = 320"


def test_impossible_networks_are_explained() -> None:
    table = compute_shapes((8, 8, 1), parse_spec("conv:4:5,conv:4:5,flatten,dense:2"))
    assert len(table.rows) == 1 and "does not fit" in table.problem and "Layer 2" in table.problem
    table = compute_shapes((8, 8, 1), parse_spec("flatten,conv:4:3"))
    assert "before Flatten" in table.problem
    dense3d = compute_shapes((8, 8, 3), parse_spec("dense:4"))
    assert dense3d.rows[0].shape == (8, 8, 4) and "Flatten first" in dense3d.rows[0].note


@pytest.mark.parametrize(
    "bad", ["", "conv:0:3", "conv:3", "pool:2", "dense", "dropout:1.5", "maxpool:2:1:full"]
)
def test_bad_specs(bad: str) -> None:
    with pytest.raises(SpecError):
        parse_spec(bad)


def test_spec_round_trip_and_code() -> None:
    for _, spec in SPECS:
        assert to_spec(parse_spec(spec)) == spec
    code = keras_code((28, 28, 1), parse_spec(SLIDES_SPEC))
    assert 'Conv2D(32, (3, 3), activation="relu")' in code and 'Dense(10, activation="softmax")' in code
    binary = keras_code((150, 150, 3), parse_spec(CATS_DOGS_SPEC))  # one output unit: sigmoid, as the slides
    assert 'Dense(1, activation="sigmoid")' in binary and binary.count('Dense(512, activation="relu")') == 3


@pytest.mark.parametrize("cls", [StepConfig, KernelConfig, PoolConfig, CnnConfig])
def test_configs_round_trip_through_the_url(cls) -> None:
    default = cls()
    assert default.validated() is default and default.to_params() == {}
    cfg, problems = cls.from_params({"nonsense": "1"})
    assert cfg == default and len(problems) == 1 and "nonsense" in problems[0]


def test_config_bad_values_are_reported() -> None:
    cfg, problems = StepConfig.from_params({"s": "3", "n": "99", "ex": "random"})
    assert cfg.stride == 3 and cfg.example == "random" and cfg.size == 5 and len(problems) == 1
    cfg, problems = KernelConfig.from_params({"w": "1,2;3", "relu": "1", "kernel": "custom"})
    assert cfg.relu and cfg.preset == "custom" and "square" in problems[0]
    cfg2, _ = KernelConfig.from_params(KernelConfig(weights="1,0,0;0,2,0;0,0,1", preset="custom").to_params())
    assert cfg2.weights == "1,0,0;0,2,0;0,0,1"
    cfg, problems = CnnConfig.from_params({"layers": "conv:3:3,foo", "h": "32"})
    assert cfg.height == 32 and cfg.layers == SLIDES_SPEC and "foo" in problems[0]
    assert "layers" in problems[0]


def test_old_links_open_the_same_configs() -> None:
    """Links the pages wrote before the shared URL table (booleans as 1/true, every field spelled out)."""
    cfg, problems = KernelConfig.from_params(
        {"img": "coins", "kernel": "custom", "w": "0,0,0;0,2,0;0,0,0", "relu": "true", "show": "stretch"}
    )
    assert not problems and cfg == KernelConfig(
        "coins", "custom", "0,0,0;0,2,0;0,0,0", relu=True, display="stretch"
    )
    cfg, problems = StepConfig.from_params({"ex": "sharpen", "n": "5", "c": "1", "f": "1", "s": "1"})
    assert not problems and (cfg.example, cfg.channels, cfg.filters, cfg.stride) == ("sharpen", 1, 1, 1)
    cfg, problems = PoolConfig.from_params({"grid": "random", "n": "5", "pad": "same", "levels": "3"})
    assert not problems and (cfg.grid_size, cfg.padding, cfg.levels) == (5, "same", 3)
    cfg, problems = CnnConfig.from_params({"h": "150", "w": "150", "c": "3", "layers": CATS_DOGS_SPEC})
    assert not problems and cfg.input_shape == (150, 150, 3) and cfg.layers == CATS_DOGS_SPEC
    for config in (cfg, KernelConfig(preset="emboss", weights="1"), StepConfig(example="edge6", size=6)):
        assert type(config).from_params(config.to_params()) == (config, [])


def test_settings_keep_their_url_keys() -> None:
    keys = {
        cls.__name__: [f.key for f in cls.fields_info()]
        for cls in (StepConfig, KernelConfig, PoolConfig, CnnConfig)
    }
    assert keys == {
        "StepConfig": ["ex", "n", "c", "f", "k", "p", "s", "d", "seed"],
        "KernelConfig": ["img", "kernel", "w", "color", "pad", "s", "relu", "show"],
        "PoolConfig": ["grid", "n", "seed", "k", "s", "pad", "img", "levels"],
        "CnnConfig": ["h", "w", "c", "layers"],
    }


def test_receptive_fields() -> None:
    lenet = compute_shapes((32, 32, 1), parse_spec("conv:6:5,avgpool:2,conv:16:5,avgpool:2,flatten,dense:10"))
    assert [r.receptive for r in lenet.rows] == [5, 6, 14, 16, 0, 0]
    dilated_like = compute_shapes((64, 64, 1), parse_spec("conv:4:3,conv:4:3,conv:4:3:2,conv:4:3"))
    assert [r.receptive for r in dilated_like.rows] == [3, 5, 7, 11]
