"""The live race: play/pause/step/reset, divergence of one racer while the others go on, frames."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from engine.live.run import RunStatus
from engine.live.scheduler import ComputeScheduler
from engine.optim.config import RaceConfig
from engine.optim.race import Race
from engine.optim.run import RaceRun
from tests.waiting import wait_until
from ui.live.frames import unpack
from ui.optim.frames import RaceEncoder


@pytest.fixture
def make() -> Iterator[Callable[..., RaceRun]]:
    made: list[RaceRun] = []
    scheduler = ComputeScheduler(2, quantum_s=60.0)

    def build(**changes) -> RaceRun:
        cfg = dataclasses.replace(RaceConfig().for_surface(changes.pop("surface", "valley")), **changes)
        run = RaceRun(cfg, scheduler=scheduler)
        made.append(run)
        return run

    yield build
    for run in made:
        run.stop()
    assert not any(run.alive for run in made)


def test_step_moves_every_racer_once(make) -> None:
    run = make()
    snap = run.snapshot()
    assert snap.step == 0 and snap.status == RunStatus.PAUSED
    assert all(len(r.path) == 1 for r in snap.racers)
    snap = run.step()
    assert snap.step == 1
    assert all(len(r.path) == 2 and len(r.loss) == 2 for r in snap.racers)
    assert all(int(r.state["t"][0]) == 1 for r in snap.racers)


def test_play_then_pause_stays_paused(make) -> None:
    run = make(speed=480, max_steps=10000)
    assert run.start()
    assert wait_until(lambda: run.snapshot().step >= 20, timeout=10)
    run.pause()
    paused = run.snapshot()
    assert paused.status == RunStatus.PAUSED
    assert not wait_until(lambda: run.snapshot().step != paused.step, timeout=0.5)
    assert all(len(r.path) == paused.step + 1 for r in paused.racers if r.diverged_at is None)


def test_speed_paces_the_race(make) -> None:
    slow = make(speed=5, max_steps=10000)
    slow.start()
    assert wait_until(lambda: slow.snapshot().step >= 2, timeout=5)
    slow.pause()
    assert slow.snapshot().step < 20  # 5 steps/s: nowhere near the unpaced thousands


def test_one_racer_diverges_while_the_others_go_on(make) -> None:
    run = make(racers=("gd", "momentum", "adam"), lr_gd=0.55, speed=480, max_steps=300)
    run.start()
    assert wait_until(lambda: run.status == RunStatus.FINISHED, timeout=20)
    snap = run.snapshot()
    gd, momentum, adam = snap.racers
    assert gd.diverged_at is not None and gd.diverged_at < 150
    assert len(gd.path) == gd.diverged_at  # its path stops at the last finite point
    assert np.isfinite(gd.path).all()
    assert momentum.diverged_at is None and adam.diverged_at is None
    assert len(momentum.path) == len(adam.path) == 301
    assert momentum.reached_at is not None and adam.reached_at is not None
    assert any("GD diverged at step" in e for e in snap.events)
    assert snap.status == RunStatus.FINISHED


def test_everyone_diverging_stops_the_run(make) -> None:
    run = make(racers=("gd", "sgd"), lr_gd=10.0, lr_sgd=10.0, speed=480, max_steps=2000)
    run.start()
    assert wait_until(lambda: run.status == RunStatus.DIVERGED, timeout=10)
    assert "Every racer diverged" in run.snapshot().message
    assert not run.start()


def test_reset_replays_the_same_noisy_race(make) -> None:
    run = make(surface="logistic", racers=("sgd", "minibatch"))
    for _ in range(5):
        run.step()
    first = [np.array(r.path) for r in run.snapshot().racers]
    snap = run.reset()
    assert snap.step == 0 and all(len(r.path) == 1 for r in snap.racers)
    for _ in range(5):
        run.step()
    again = [np.array(r.path) for r in run.snapshot().racers]
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)


def test_settings_speed_is_live_other_changes_restart(make) -> None:
    run = make()
    run.step()
    run.step()
    cfg = run.config
    run.update_settings(dataclasses.replace(cfg, speed=10))
    assert run.snapshot().step == 2 and run.config.speed == 10
    gen = run.snapshot().generation
    run.update_settings(dataclasses.replace(cfg, lr_adam=0.5))
    snap = run.snapshot()
    assert snap.step == 0 and snap.generation != gen and snap.config.lr_adam == 0.5


def test_race_matches_the_optimizers_run_by_hand() -> None:
    cfg = dataclasses.replace(RaceConfig().for_surface("beale"), racers=("adam",), max_steps=30)
    race = Race(cfg)
    race.step(30)
    from engine.optim.optimizers import Adam

    opt, theta = Adam(cfg.lr_adam, cfg.beta1, cfg.beta2, cfg.eps_adam), np.array([cfg.start_x, cfg.start_y])
    for _ in range(30):
        theta = opt.step(theta, race.surface.grad_vec(theta))
    np.testing.assert_allclose(race.racers[0].theta, theta)


def test_frames_send_only_new_points(make) -> None:
    run = make(racers=("gd", "adam"))
    encoder = RaceEncoder()
    header, arrays = unpack(encoder.encode(run.snapshot()))
    assert header["reset"] and "contour" in arrays
    assert arrays["contour"].shape == (161, 161)
    assert [r["new"] for r in header["racers"]] == [1, 1]
    paths = {r["key"]: [] for r in header["racers"]}

    def collect(h, a):
        pts = a["paths"].tobytes() if "paths" in a else b""
        flat = np.frombuffer(pts, dtype="<f4").reshape(-1, 3)
        o = 0
        for r in h["racers"]:
            paths[r["key"]].extend(flat[o : o + r["new"]].tolist())
            o += r["new"]

    collect(header, arrays)
    for _ in range(3):
        run.step()
    header, arrays = unpack(encoder.encode(run.snapshot()))
    assert not header["reset"] and "contour" not in arrays
    assert [r["new"] for r in header["racers"]] == [3, 3]
    assert [r["from"] for r in header["racers"]] == [1, 1]
    collect(header, arrays)
    snap = run.snapshot()
    for r in snap.racers:
        got = np.array(paths[r.key])
        np.testing.assert_allclose(got[:, :2], r.path, rtol=1e-6)
        np.testing.assert_allclose(got[:, 2], r.loss, rtol=1e-6)
    adam = header["racers"][1]
    assert set(adam["state"]) >= {"m", "v", "m_hat", "v_hat", "g", "delta", "t"}
    assert adam["hp"]["b1"] == 0.9
    run.reset()
    header, _ = unpack(encoder.encode(run.snapshot()))
    assert header["reset"] and header["step"] == 0
