"""engine.conv.cnn: shapes and parameter counts equal Keras's own model.summary() / count_params()."""

from __future__ import annotations

import pytest

from engine.conv.cnn import (
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
    ((150, 150, 3), "conv:16:3,maxpool:2,conv:32:3,maxpool:2,conv:64:3,maxpool:2,flatten,dense:512,dense:1"),
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


@pytest.mark.parametrize("cls", [StepConfig, KernelConfig, PoolConfig, CnnConfig])
def test_configs_round_trip_through_the_url(cls) -> None:
    default = cls()
    assert default.validated() is default and default.to_params() == {}
    cfg, problems = cls.from_params({"nonsense": "1"})
    assert cfg == default and not problems


def test_config_bad_values_are_reported() -> None:
    cfg, problems = StepConfig.from_params({"s": "3", "n": "99", "ex": "random"})
    assert cfg.stride == 3 and cfg.example == "random" and cfg.size == 5 and len(problems) == 1
    cfg, problems = KernelConfig.from_params({"w": "1,2;3", "relu": "1", "kernel": "custom"})
    assert cfg.relu and cfg.preset == "custom" and "square" in problems[0]
    cfg2, _ = KernelConfig.from_params(KernelConfig(weights="1,0,0;0,2,0;0,0,1", preset="custom").to_params())
    assert cfg2.weights == "1,0,0;0,2,0;0,0,1"
    cfg, problems = CnnConfig.from_params({"layers": "conv:3:3,foo", "h": "32"})
    assert cfg.height == 32 and cfg.layers == SLIDES_SPEC and "foo" in problems[0]


def test_receptive_fields() -> None:
    lenet = compute_shapes((32, 32, 1), parse_spec("conv:6:5,avgpool:2,conv:16:5,avgpool:2,flatten,dense:10"))
    assert [r.receptive for r in lenet.rows] == [5, 6, 14, 16, 0, 0]
    dilated_like = compute_shapes((64, 64, 1), parse_spec("conv:4:3,conv:4:3,conv:4:3:2,conv:4:3"))
    assert [r.receptive for r in dilated_like.rows] == [3, 5, 7, 11]
