"""The Keras program of the page's GAN (runs standalone: tests/app/test_snippets.py executes it)."""

from __future__ import annotations

from engine.generative.gan.config import GanConfig
from engine.generative.gan.data import GRID_SIDE, GRID_SPACING, GRID_STD, RING_MODES, RING_RADIUS, RING_STD

#: Steps the snippet trains (kept short so it runs in seconds; the page's run goes on live).
SNIPPET_STEPS = 200

_DATA = {
    "ring": f"""angles = 2 * np.pi * np.arange({RING_MODES}) / {RING_MODES}
centres = {RING_RADIUS} * np.stack([np.cos(angles), np.sin(angles)], axis=1)  # 8 modes on a ring
real = (centres[np.arange(2000) % {RING_MODES}] + {RING_STD} * rng.standard_normal((2000, 2))).astype("float32")""",
    "grid": f"""ticks = {GRID_SPACING} * (np.arange({GRID_SIDE}) - {(GRID_SIDE - 1) / 2})
centres = np.array([(x, y) for y in ticks for x in ticks])  # a {GRID_SIDE}x{GRID_SIDE} grid of modes
real = (centres[np.arange(2000) % len(centres)] + {GRID_STD} * rng.standard_normal((2000, 2))).astype("float32")""",
    "moons": """from sklearn.datasets import make_moons  # the page uses its own seeded moons, scaled alike

real = (make_moons(2000, noise=0.05, random_state=1)[0] - [0.5, 0.25]).astype("float32") * 1.32""",
    "spiral": """t = np.arange(1000) / 1000  # two arms, as the page's spiral
arms = [np.stack([2 * t * np.sin(3.5 * np.pi * t + d), 2 * t * np.cos(3.5 * np.pi * t + d)], 1) for d in (0, np.pi)]
real = (np.concatenate(arms) + rng.uniform(-0.04, 0.04, (2000, 2))).astype("float32")""",
}

_OPT = {
    "adam": "keras.optimizers.Adam({lr}, beta_1=0.5)",
    "rmsprop": "keras.optimizers.RMSprop({lr})",
    "sgd": "keras.optimizers.SGD({lr})",
}


def keras_code(cfg: GanConfig) -> str:
    """A runnable Keras GAN with this page's settings (trains :data:`SNIPPET_STEPS` steps)."""
    g_loss = (
        "tf.reduce_mean(tf.nn.softplus(-fake_logit))  # non-saturating: -mean log D(G(z))"
        if cfg.loss == "nonsat"
        else "-tf.reduce_mean(tf.nn.softplus(fake_logit))  # minimax: mean log(1 - D(G(z)))"
    )
    hidden = "\n".join(
        f'        keras.layers.Dense({cfg.hidden}, activation="relu"),' for _ in range(cfg.layers)
    )
    return f"""import numpy as np
import tensorflow as tf
import keras

rng = np.random.default_rng({cfg.seed})
{_DATA[cfg.dataset]}

NOISE_DIM, BATCH, K = {cfg.noise_dim}, {cfg.batch_size}, {cfg.k}  # one step = K D updates, then 1 G update
keras.utils.set_random_seed({cfg.seed})


def mlp(inputs, outputs):
    return keras.Sequential([
        keras.Input((inputs,)),
{hidden}
        keras.layers.Dense(outputs),
    ])


G, D = mlp(NOISE_DIM, 2), mlp(2, 1)  # D outputs a logit: D(x) = sigmoid(logit)
d_opt = {_OPT[cfg.optimizer].format(lr=cfg.lr_d)}
g_opt = {_OPT[cfg.optimizer].format(lr=cfg.lr_g)}


@tf.function
def train_step(real):
    for _ in range(K):
        idx = tf.random.uniform([BATCH], 0, len(real), dtype=tf.int32)
        z = tf.random.uniform([BATCH, NOISE_DIM], -1.0, 1.0)
        with tf.GradientTape() as tape:
            real_logit, fake_logit = D(tf.gather(real, idx)), D(G(z))
            # -mean log D(x) - mean log(1 - D(G(z))), with log D = -softplus(-logit)
            d_loss = tf.reduce_mean(tf.nn.softplus(-real_logit)) + tf.reduce_mean(tf.nn.softplus(fake_logit))
        d_opt.apply(tape.gradient(d_loss, D.trainable_variables), D.trainable_variables)
    z = tf.random.uniform([BATCH, NOISE_DIM], -1.0, 1.0)
    with tf.GradientTape() as tape:
        fake_logit = D(G(z))
        g_loss = {g_loss}
    g_opt.apply(tape.gradient(g_loss, G.trainable_variables), G.trainable_variables)
    return d_loss, g_loss


real_t = tf.constant(real)
for step in range(1, {SNIPPET_STEPS + 1}):  # the page goes on to {cfg.steps} steps
    d_loss, g_loss = train_step(real_t)
    if step % 50 == 0:
        print(f"step {{step}}: D loss {{float(d_loss):.3f}} (log 4 = 1.386), G loss {{float(g_loss):.3f}}")

samples = G(tf.random.uniform([500, NOISE_DIM], -1.0, 1.0)).numpy()  # 500 generated points
print(samples[:3])
"""
