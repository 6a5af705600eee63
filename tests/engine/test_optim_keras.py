"""Each numpy optimizer against the matching ``keras.optimizers`` one: 50 steps on the same gradients."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from engine.optim.optimizers import SGD, Adadelta, Adagrad, Adam, Optimizer, RMSprop
from engine.optim.surfaces import get_surface
from engine.tf_runtime import get_tf

STEPS = 50
TOL = 1e-5  # Keras keeps its hyperparameters in float32: ~1e-7 relative


@pytest.fixture(scope="module")
def keras():
    get_tf()
    import keras

    return keras


CASES: list[tuple[str, Callable[[], Optimizer], Callable[..., object]]] = [
    ("sgd", lambda: SGD(0.1), lambda k: k.optimizers.SGD(0.1)),
    ("momentum", lambda: SGD(0.05, momentum=0.9), lambda k: k.optimizers.SGD(0.05, momentum=0.9)),
    (
        "nesterov",
        lambda: SGD(0.05, momentum=0.8, nesterov=True),
        lambda k: k.optimizers.SGD(0.05, momentum=0.8, nesterov=True),
    ),
    ("adagrad", lambda: Adagrad(0.5), lambda k: k.optimizers.Adagrad(0.5)),
    (
        "adagrad_eps",  # tiny accumulator and a big ε: ε must sit inside the root, as in Keras
        lambda: Adagrad(0.3, initial_accumulator_value=1e-6, epsilon=0.1),
        lambda k: k.optimizers.Adagrad(0.3, initial_accumulator_value=1e-6, epsilon=0.1),
    ),
    ("adadelta", lambda: Adadelta(1.0), lambda k: k.optimizers.Adadelta(1.0)),
    (
        "adadelta_rho",
        lambda: Adadelta(0.5, rho=0.8, epsilon=1e-4),
        lambda k: k.optimizers.Adadelta(0.5, rho=0.8, epsilon=1e-4),
    ),
    ("rmsprop", lambda: RMSprop(0.01), lambda k: k.optimizers.RMSprop(0.01)),
    (
        "rmsprop_eps",
        lambda: RMSprop(0.05, rho=0.5, epsilon=0.01),
        lambda k: k.optimizers.RMSprop(0.05, rho=0.5, epsilon=0.01),
    ),
    ("adam", lambda: Adam(0.05), lambda k: k.optimizers.Adam(0.05)),
    (
        "adam_eps",  # a big ε tells Keras's ε-hat form apart from the paper's
        lambda: Adam(0.1, beta_1=0.5, beta_2=0.99, epsilon=0.1),
        lambda k: k.optimizers.Adam(0.1, beta_1=0.5, beta_2=0.99, epsilon=0.1),
    ),
]


@pytest.mark.parametrize(("name", "make_numpy", "make_keras"), CASES, ids=[c[0] for c in CASES])
def test_same_gradients_same_parameters(keras, name, make_numpy, make_keras) -> None:
    rng = np.random.default_rng(7)
    grads = rng.normal(0.0, 1.0, (STEPS, 3)) * np.array([1.0, 0.01, 3.0])  # mixed scales
    start = np.array([0.5, -1.0, 2.0])
    var = keras.Variable(start.copy(), dtype="float64")
    ref = make_keras(keras)
    mine = make_numpy()
    theta = start.copy()
    for g in grads:
        ref.apply_gradients([(keras.ops.convert_to_tensor(g, dtype="float64"), var)])
        theta = mine.step(theta, g)
        np.testing.assert_allclose(theta, np.asarray(var.numpy()), rtol=0, atol=TOL)
    assert np.abs(theta - start).max() > 1e-3, f"{name} did not move: the comparison would be vacuous"
    assert int(mine.state["t"]) == STEPS


def test_trajectory_on_a_surface_matches_keras(keras) -> None:
    """Adam following Beale's gradient: each side computes the gradient at its own point."""
    surface = get_surface("beale")
    var = keras.Variable(np.array([1.0, 1.6]), dtype="float64")
    ref = keras.optimizers.Adam(0.05)
    mine = Adam(0.05)
    theta = np.array([1.0, 1.6])
    for _ in range(STEPS):
        ref.apply_gradients([(keras.ops.convert_to_tensor(surface.grad_vec(np.asarray(var.numpy()))), var)])
        theta = mine.step(theta, surface.grad_vec(theta))
    np.testing.assert_allclose(theta, np.asarray(var.numpy()), atol=TOL)


def test_state_is_exposed() -> None:
    adam = Adam(0.1)
    theta = adam.step(np.zeros(2), np.array([1.0, -2.0]))
    # after one step the bias-corrected moments are the gradient and its square
    np.testing.assert_allclose(adam.state["m_hat"], [1.0, -2.0])
    np.testing.assert_allclose(adam.state["v_hat"], [1.0, 4.0])
    np.testing.assert_allclose(adam.state["delta"], theta)
    sgd = SGD(0.1, momentum=0.9)
    sgd.step(np.zeros(2), np.array([1.0, 0.0]))
    sgd.step(np.zeros(2), np.array([1.0, 0.0]))
    np.testing.assert_allclose(sgd.state["m"], [-0.1 * 0.9 - 0.1, 0.0])
    ada = Adagrad(0.1)
    ada.step(np.zeros(2), np.array([2.0, 0.0]))
    np.testing.assert_allclose(ada.state["G"], [4.1, 0.1])  # Keras's initial 0.1 + g²


def test_the_pages_keras_code_runs_and_agrees(keras, capsys) -> None:
    """The "Keras code" tab's script, run for a short race, ends where the numpy racers end."""
    import dataclasses

    from engine.optim.config import RaceConfig
    from engine.optim.race import Race
    from ui.optim.explain import keras_code

    cfg = dataclasses.replace(
        RaceConfig().for_surface("saddle"), racers=("gd", "nesterov", "adam"), max_steps=15
    )
    race = Race(cfg)
    race.step(15)
    exec(compile(keras_code(cfg, race.surface), "keras_code", "exec"), {"__name__": "keras_code"})
    out = capsys.readouterr().out
    for racer in race.racers:
        line = next(x for x in out.splitlines() if x.startswith(racer.key + " "))
        got = [float(v) for v in line.split("[")[1].split("]")[0].split()]
        np.testing.assert_allclose(got, racer.theta, atol=1e-5)
