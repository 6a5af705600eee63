"""The update rules with live numbers, and the equivalent Keras code, for the race page."""

from __future__ import annotations

import streamlit as st

from engine.optim.config import RaceConfig
from engine.optim.race import RacerView
from engine.optim.surfaces import Surface


def _n(v: float) -> str:
    """A number for LaTeX: 3 significant digits, scientific when tiny or huge."""
    a = abs(v)
    if a != 0 and (a < 1e-3 or a >= 1e5):
        mant, exp = f"{v:.2e}".split("e")
        return rf"{mant}\times10^{{{int(exp)}}}"
    return f"{v:.3g}"


def _vec(values: tuple[float, ...] | None) -> str:
    if not values:
        return r"\text{–}"
    return r"\begin{pmatrix}" + r" \\ ".join(_n(v) for v in values) + r"\end{pmatrix}"


#: racer -> (rule in the slides' notation, names of the state shown)
RULES: dict[str, str] = {
    "gd": r"\theta \leftarrow \theta - \eta\,\nabla_\theta J(\theta)",
    "sgd": r"\theta \leftarrow \theta - \eta\,\nabla_\theta J(\theta;\,x^{(i)})",
    "minibatch": r"\theta \leftarrow \theta - \eta\,\nabla_\theta J(\theta;\,x^{(i:i+B)})",
    "momentum": r"v \leftarrow \gamma v + \eta\,\nabla_\theta J(\theta),\quad \theta \leftarrow \theta - v",
    "nesterov": r"v \leftarrow \gamma v + \eta\,\nabla_\theta J(\theta - \gamma v),\quad \theta \leftarrow \theta - v",
    "adagrad": r"G \leftarrow G + g^2,\quad \theta \leftarrow \theta - \frac{\eta}{\sqrt{G + \epsilon}}\, g",
    "adadelta": r"E[g^2] \leftarrow \rho E[g^2] + (1-\rho) g^2,\quad "
    r"\Delta\theta = -\frac{\sqrt{E[\Delta\theta^2] + \epsilon}}{\sqrt{E[g^2] + \epsilon}}\, g,\quad "
    r"\theta \leftarrow \theta + \eta\,\Delta\theta",
    "rmsprop": r"E[g^2] \leftarrow \rho E[g^2] + (1-\rho) g^2,\quad "
    r"\theta \leftarrow \theta - \frac{\eta}{\sqrt{E[g^2] + \epsilon}}\, g",
    "adam": r"m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\ "
    r"\hat m = \frac{m}{1-\beta_1^t},\ \hat v = \frac{v}{1-\beta_2^t},\ "
    r"\theta \leftarrow \theta - \frac{\eta\,\hat m}{\sqrt{\hat v} + \hat\epsilon}",
}


def live_numbers(racer: RacerView, cfg: RaceConfig) -> str:
    """LaTeX of ``racer``'s last update with its numbers (after step t)."""
    s, k = racer.state, racer.key
    t = int(s["t"][0])
    lr = cfg.lr(k)
    g, delta = _vec(s.get("g")), _vec(s.get("delta"))
    theta = _vec(racer.position)
    head = rf"t={t}:\ \ g = {g},\ "
    if k in ("gd", "sgd", "minibatch"):
        return head + rf"\Delta\theta = -{_n(lr)}\,g = {delta},\ \theta = {theta}"
    if k in ("momentum", "nesterov"):
        v = tuple(-x for x in s.get("m", (0.0, 0.0)))
        mu = cfg.momentum if k == "momentum" else cfg.nesterov_momentum
        return (
            head + rf"v = {_n(mu)}\,v + {_n(lr)}\,g = {_vec(v)},\ \Delta\theta = {delta},\ \theta = {theta}"
        )
    if k == "adagrad":
        step = tuple(lr / (G + cfg.eps_adagrad) ** 0.5 for G in s["G"])
        return (
            head
            + rf"G = {_vec(s['G'])},\ \frac{{\eta}}{{\sqrt{{G+\epsilon}}}} = {_vec(step)},\ \Delta\theta = {delta}"
        )
    if k == "adadelta":
        return (
            head
            + rf"E[g^2] = {_vec(s['Eg2'])},\ E[\Delta\theta^2] = {_vec(s['Edx2'])},\ \Delta\theta = {_vec(s['dx'])}"
        )
    if k == "rmsprop":
        step = tuple(lr / (v + cfg.eps_rmsprop) ** 0.5 for v in s["v"])
        return (
            head
            + rf"E[g^2] = {_vec(s['v'])},\ \frac{{\eta}}{{\sqrt{{E[g^2]+\epsilon}}}} = {_vec(step)},\ \Delta\theta = {delta}"
        )
    if k == "adam":
        return head + (
            rf"m = {_vec(s['m'])},\ v = {_vec(s['v'])},\ \hat m = {_vec(s['m_hat'])},\ "
            rf"\hat v = {_vec(s['v_hat'])},\ \Delta\theta = {delta}"
        )
    return head


def render_rules(racers: tuple[RacerView, ...], cfg: RaceConfig) -> None:
    """Each racer's rule (the slides' table) and its last step with the live numbers."""
    st.markdown(
        "The optimizers table of the slides, each rule followed by **its last step with the numbers**, "
        "g being the gradient the racer saw (θ = (x, y)). Pause, then press **Step** and watch them change."
    )
    cols = st.columns(2)
    for i, r in enumerate(racers):
        box = cols[i % 2].container(border=True)
        status = ""
        if r.diverged_at is not None:
            status = f" · :red[✖ diverged at step {r.diverged_at}]"
        elif r.reached_at is not None:
            status = f" · :green[★ reached the minimum at step {r.reached_at}]"
        box.markdown(f"**{r.label}** (η = {cfg.lr(r.key):g}){status}")
        box.latex(RULES[r.key])
        box.latex(live_numbers(r, cfg))
    st.caption(
        "Conventions are Keras's (checked step by step against keras.optimizers in the tests): SGD keeps "
        "v with the opposite sign (m = −v); Keras's Nesterov evaluates g at θ (the same method after the "
        "change of variables θ̃ = θ − γv); Adagrad starts G at initial_accumulator_value (0.1) and puts ε "
        "inside the root, as do RMSprop and Adadelta; Adam's ε̂ = ε·√(1 − β₂ᵗ)."
    )


#: TensorFlow versions of each surface, for the code tab
TF_SURFACES: dict[str, str] = {
    "rosenbrock": "def loss_fn(p):\n    x, y = p[0], p[1]\n    return (1 - x) ** 2 + 100 * (y - x**2) ** 2\n",
    "valley": "def loss_fn(p):\n    x, y = p[0], p[1]\n    return 0.1 * x**2 + 2 * y**2\n",
    "saddle": "def loss_fn(p):\n    x, y = p[0], p[1]\n    return x**2 + 0.25 * y**4 - 0.5 * y**2\n",
    "plateau": "def loss_fn(p):\n    x, y = p[0], p[1]\n    return 1 - tf.exp(-0.5 * (x**2 + 2 * y**2))\n",
    "beale": (
        "def loss_fn(p):\n    x, y = p[0], p[1]\n"
        "    return (1.5 - x + x*y) ** 2 + (2.25 - x + x*y**2) ** 2 + (2.625 - x + x*y**3) ** 2\n"
    ),
    "noisy_bowl": (
        "from engine.optim.surfaces import _ripple_params  # the page's seeded ripples\n"
        "waves, phases = _ripple_params(SEED)\n\n"
        "def loss_fn(p):\n    x, y = p[0], p[1]\n"
        "    ripples = tf.reduce_sum(tf.sin(waves[:, 0] * x + waves[:, 1] * y + phases))\n"
        "    return 0.25 * (x**2 + y**2) + 0.12 * ripples\n"
    ),
    "logistic": (
        "from engine.optim.surfaces import logistic_data  # the page's 60 seeded points\n"
        "xd, yd = logistic_data(SEED)\n\n"
        "def loss_fn(p):\n    w, b = p[0], p[1]\n"
        "    return keras.losses.binary_crossentropy(yd, tf.sigmoid(w * xd + b))\n"
    ),
}


def keras_optimizer(racer: str, cfg: RaceConfig) -> str:
    """The ``keras.optimizers`` call matching ``racer`` under ``cfg``."""
    lr = f"learning_rate={float(cfg.lr(racer))!r}"  # Keras wants a float (Adadelta refuses 1)
    return {
        "gd": f"keras.optimizers.SGD({lr})",
        "sgd": f"keras.optimizers.SGD({lr})",  # batch_size=1 in fit()
        "minibatch": f"keras.optimizers.SGD({lr})",  # batch_size=B in fit()
        "momentum": f"keras.optimizers.SGD({lr}, momentum={cfg.momentum:g})",
        "nesterov": f"keras.optimizers.SGD({lr}, momentum={cfg.nesterov_momentum:g}, nesterov=True)",
        "adagrad": f"keras.optimizers.Adagrad({lr}, initial_accumulator_value={cfg.adagrad_init:g}, "
        f"epsilon={cfg.eps_adagrad:g})",
        "adadelta": f"keras.optimizers.Adadelta({lr}, rho={cfg.rho_adadelta:g}, epsilon={cfg.eps_adadelta:g})",
        "rmsprop": f"keras.optimizers.RMSprop({lr}, rho={cfg.rho_rmsprop:g}, epsilon={cfg.eps_rmsprop:g})",
        "adam": f"keras.optimizers.Adam({lr}, beta_1={cfg.beta1:g}, beta_2={cfg.beta2:g}, epsilon={cfg.eps_adam:g})",
    }[racer]


def keras_code(cfg: RaceConfig, surface: Surface) -> str:
    """A runnable script racing the same optimizers with Keras on the same surface (exact gradients)."""
    notes = {
        "sgd": "  # in model.fit: batch_size=1",
        "minibatch": f"  # in model.fit: batch_size={cfg.batch}",
    }
    opts = "\n".join(f'    "{r}": {keras_optimizer(r, cfg)},{notes.get(r, "")}' for r in cfg.racers)
    return (
        "import keras\nimport tensorflow as tf\n\n"
        f"SEED = {cfg.seed}\n"
        + TF_SURFACES[surface.key]
        + "\noptimizers = {\n"
        + opts
        + "\n}\n"
        + f"for name, opt in optimizers.items():\n"
        f"    p = tf.Variable([{cfg.start_x!r}, {cfg.start_y!r}], dtype=tf.float64)\n"
        f"    for step in range({cfg.max_steps}):\n"
        "        with tf.GradientTape() as tape:\n"
        "            loss = loss_fn(p)\n"
        "        opt.apply_gradients([(tape.gradient(loss, p), p)])\n"
        '    print(f"{name:10s} ends at {p.numpy()} with loss {float(loss_fn(p)):.4g}")\n'
        "# SGD and mini-batch see noisy gradients on the page; here every optimizer sees the exact one.\n"
    )


def numpy_code(cfg: RaceConfig) -> str:
    """The source of the numpy optimizer classes the chosen racers use (what the race runs)."""
    import inspect

    from engine.optim.optimizers import Optimizer
    from engine.optim.race import make_optimizer

    seen: list[type] = [Optimizer]
    for racer in cfg.racers:
        cls = type(make_optimizer(racer, cfg))
        if cls not in seen:
            seen.append(cls)
    header = "import dataclasses\nfrom typing import ClassVar\n\nimport numpy as np\n\n\n"
    return header + "\n\n".join(inspect.getsource(cls) for cls in seen)
