"""engine.neuron.model / data / config: the slides' Dense(1) result, against model.fit and closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from engine.neuron.config import GatesConfig, NeuronConfig
from engine.neuron.data import DATASETS, HOUSE, LINE
from engine.neuron.model import NeuronTrainer, build_model, mse_gradients
from engine.tf_runtime import get_tf


@pytest.fixture(scope="module")
def tf():
    return get_tf()


def test_the_slides_data() -> None:
    np.testing.assert_array_equal(LINE.x, [1, 2, 3, 4, 5, 7, 8, 9, 11])
    np.testing.assert_array_equal(LINE.y, 2 * LINE.x + 1)
    assert LINE.least_squares() == pytest.approx((2.0, 1.0), abs=1e-9)
    assert len(HOUSE.x) == len(HOUSE.y) and not set(HOUSE.queries) & set(HOUSE.x.tolist())


@pytest.mark.parametrize("key", sorted(DATASETS))
def test_least_squares_is_the_normal_equation(key: str) -> None:
    data = DATASETS[key]
    x = np.column_stack([data.x, np.ones_like(data.x)]).astype(np.float64)
    w, b = np.linalg.solve(x.T @ x, x.T @ data.y.astype(np.float64))
    assert data.least_squares() == pytest.approx((w, b), rel=1e-9)


def test_500_epochs_reproduce_the_slides_predictions(tf) -> None:
    trainer = NeuronTrainer(LINE, seed=1, learning_rate=0.02)
    trace = trainer.train_epochs(500)
    p13, p_5 = trainer.predict(np.array([13.0, -5.0]))
    assert p13 == pytest.approx(27.0, abs=0.05)  # the slides print 27.00273
    assert p_5 == pytest.approx(-9.0, abs=0.05)  # and -9.005974
    assert trace.loss.shape == (500,) and trace.loss[-1] < 1e-3
    assert (trace.w[-1], trace.b[-1]) == pytest.approx(trainer.weights)


def test_compiled_chunks_match_model_fit(tf) -> None:
    """The same seed trained by model.fit (one full batch per epoch) lands on the same weights."""
    trainer = NeuronTrainer(LINE, seed=3, learning_rate=0.02)
    trainer.train_epochs(25)
    trainer.train_epochs(15)  # chunks compose
    reference = build_model(3)
    reference.compile(loss="mse", optimizer=tf.keras.optimizers.SGD(learning_rate=0.02))
    history = reference.fit(LINE.x.reshape(-1, 1), LINE.y.reshape(-1, 1), epochs=40, verbose=0)
    kernel, bias = reference.get_weights()
    assert trainer.weights == pytest.approx((kernel[0, 0], bias[0]), rel=1e-4)
    # fit's loss of the last epoch is measured before that epoch's step
    before_last = NeuronTrainer(LINE, seed=3, learning_rate=0.02)
    assert before_last.train_epochs(39).loss[-1] == pytest.approx(history.history["loss"][-1], rel=1e-3)


def test_one_epoch_is_one_gradient_step_by_hand(tf) -> None:
    trainer = NeuronTrainer(HOUSE, seed=5, learning_rate=0.01)
    w, b = trainer.weights
    x, y = HOUSE.x.astype(np.float64), HOUSE.y.astype(np.float64)
    err = w * x + b - y
    dw, db = 2 * np.mean(err * x), 2 * np.mean(err)
    assert mse_gradients(w, b, x, y) == pytest.approx((np.mean(err**2), dw, db))
    trace = trainer.train_epochs(1)
    assert trainer.weights == pytest.approx((w - 0.01 * dw, b - 0.01 * db), rel=1e-5)
    assert trace.loss[0] == pytest.approx(trainer.loss(), rel=1e-5)


def test_reinitialize_replays_the_same_run(tf) -> None:
    trainer = NeuronTrainer(LINE, seed=2, learning_rate=0.02)
    start = trainer.weights
    first = trainer.train_epochs(50).w
    trainer.reinitialize()
    assert trainer.weights == start
    np.testing.assert_allclose(trainer.train_epochs(50).w, first)


def test_a_high_learning_rate_explodes(tf) -> None:
    trainer = NeuronTrainer(LINE, seed=1, learning_rate=0.03)
    trace = trainer.train_epochs(200)
    assert not np.isfinite(trace.loss[-1]) or trace.loss[-1] > 1e8


@pytest.mark.parametrize("cls", [NeuronConfig, GatesConfig])
def test_configs_round_trip_and_reject_bad_links(cls) -> None:
    assert cls.from_params({}) == (cls(), [])
    if cls is NeuronConfig:
        cfg = NeuronConfig(dataset="house", learning_rate=0.005, epochs=800, speed=250, seed=9, x_query=-2.5)
        bad = {"lr": "abc", "epochs": "0", "data": "nope", "x": "nan", "speed": "7"}
    else:
        cfg = GatesConfig(
            gate="XOR", mode="train", w1=-3.5, w2=7.0, b=1.0, learning_rate=3.0, epochs=500, seed=4
        )
        bad = {"gate": "XNOR", "w1": "1e9", "mode": "magic", "lr": "-1", "seed": "x"}
    assert cls.from_params(cfg.to_params()) == (cfg, [])
    parsed, problems = cls.from_params(bad)
    assert parsed == cls()
    assert len(problems) == len(bad)
    assert all(p.startswith("ignored ") for p in problems)


@pytest.mark.parametrize("key", sorted(DATASETS))
def test_max_stable_learning_rate_is_the_edge(tf, key: str) -> None:
    """Just below 2 / lambda_max the loss keeps falling; just above it, it ends up growing."""
    data = DATASETS[key]
    edge = data.max_stable_lr()
    below = NeuronTrainer(data, seed=1, learning_rate=0.97 * edge).train_epochs(3000).loss
    above = NeuronTrainer(data, seed=1, learning_rate=1.03 * edge).train_epochs(3000).loss
    assert below[-1] <= below[1000] * 1.0001
    assert not np.isfinite(above[-1]) or above[-1] > 100 * above[1000]


def test_the_pages_keras_code_reproduces_the_run(tf, capsys) -> None:
    from ui.neuron.codegen import neuron_code

    source = neuron_code(NeuronConfig(epochs=60, x_query=2.0))
    exec(compile(source, "<neuron_code>", "exec"), {})  # our own generated code, not user text
    trainer = NeuronTrainer(LINE, seed=1, learning_rate=0.02)
    trainer.train_epochs(60)
    w, b = trainer.weights
    assert f"learned y = {w:.4f} x + {b:.4f}" in capsys.readouterr().out
