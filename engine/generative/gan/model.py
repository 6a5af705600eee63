"""The GAN itself: a Keras generator and discriminator and their compiled training step.

Losses (``l = D's logit``, ``D = sigmoid(l)``, computed stably with softplus):

* discriminator: ``L_D = −mean log D(x) − mean log(1 − D(G(z)))`` (log 4 at equilibrium, D = 1/2);
* generator, non-saturating: ``L_G = −mean log D(G(z))`` (log 2 at equilibrium);
* generator, minimax: ``L_G = mean log(1 − D(G(z)))`` (−log 2 at equilibrium).

One *step* = ``k`` discriminator updates, then one generator update, each on a
fresh batch of real points and of noise ``z ~ U(-1, 1)^noise_dim`` (stateless
random numbers seeded by (seed, step, update): a run replays exactly).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from engine.generative.gan.config import GanConfig
from engine.generative.gan.data import EXTENT
from engine.tf_runtime import get_tf

__all__ = [
    "GanModel",
    "Objective",
    "StepTrace",
    "ViewData",
    "discriminator_loss",
    "equilibrium_losses",
    "generator_loss",
    "objective",
]

#: Per-step values the training function returns, in this order.
TRACE_COLUMNS = ("d_loss", "g_loss", "d_real", "d_fake")


def equilibrium_losses(loss: str) -> tuple[float, float]:
    """(L_D, L_G) when D(x) = 1/2 everywhere (the generator matches the data)."""
    log2 = float(np.log(2.0))
    return 2.0 * log2, (log2 if loss == "nonsat" else -log2)


@dataclasses.dataclass(frozen=True)
class StepTrace:
    """One value per completed step: the last D update's loss and means, and the G update's loss."""

    d_loss: np.ndarray
    g_loss: np.ndarray
    d_real: np.ndarray
    d_fake: np.ndarray


@dataclasses.dataclass(frozen=True)
class ViewData:
    """What the page draws, from the current weights.

    Attributes:
        d_grid: (n, n) D(x) on a grid over the drawing square (row 0 = lowest y).
        fake: (m, 2) G(z) for the fixed noise ``z_show``.
        push: (m, 2) −∂ℓ_G/∂G(z) per fake point (ℓ_G: that point's own loss term).
        manifold: (lines, points, 2) G on a grid of lines in the noise square (z1, z2; other z = 0).
        logit_real: (r,) D's logit of the real points drawn.
        logit_fake: (m,) D's logit of the fake points drawn.
    """

    d_grid: np.ndarray
    fake: np.ndarray
    push: np.ndarray
    manifold: np.ndarray
    logit_real: np.ndarray
    logit_fake: np.ndarray


def discriminator_loss(logit_real, logit_fake):
    """L_D = −mean log D(x) − mean log(1 − D(G(z))), from D's logits (TF tensors)."""
    tf = get_tf()
    return tf.reduce_mean(tf.nn.softplus(-logit_real)) + tf.reduce_mean(tf.nn.softplus(logit_fake))


def generator_loss(logit_fake, minimax):
    """L_G: −mean log D(G(z)) (non-saturating) or mean log(1 − D(G(z))) (``minimax`` True)."""
    tf = get_tf()
    return tf.where(
        minimax, -tf.reduce_mean(tf.nn.softplus(logit_fake)), tf.reduce_mean(tf.nn.softplus(-logit_fake))
    )


def _dense_stack(keras, inputs: int, hidden: int, layers: int, outputs: int, seed: int, name: str):
    init = keras.initializers.GlorotUniform
    model = keras.Sequential(name=name)
    model.add(keras.Input((inputs,)))
    for i in range(layers):
        model.add(keras.layers.Dense(hidden, activation="relu", kernel_initializer=init(seed=seed + i)))
    model.add(keras.layers.Dense(outputs, kernel_initializer=init(seed=seed + 100)))
    return model


def build_networks(cfg: GanConfig):
    """(generator, discriminator): seeded Keras MLPs, ``noise_dim -> 2`` and ``2 -> 1 logit``."""
    keras = get_tf().keras
    g = _dense_stack(keras, cfg.noise_dim, cfg.hidden, cfg.layers, 2, cfg.seed * 1000 + 1, "generator")
    d = _dense_stack(keras, 2, cfg.hidden, cfg.layers, 1, cfg.seed * 1000 + 501, "discriminator")
    return g, d


def build_optimizer(name: str, learning_rate: float):
    keras = get_tf().keras
    if name == "adam":
        return keras.optimizers.Adam(learning_rate=learning_rate, beta_1=0.5)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=learning_rate)
    return keras.optimizers.SGD(learning_rate=learning_rate)


class GanModel:
    """Both networks, both optimizers and the compiled functions of one run (not thread-safe)."""

    def __init__(self, cfg: GanConfig, real: np.ndarray, view_grid: int = 64, view_fakes: int = 500) -> None:
        tf = get_tf()
        self.cfg = cfg
        self.generator, self.discriminator = build_networks(cfg)
        self.d_opt = build_optimizer(cfg.optimizer, cfg.lr_d)
        self.g_opt = build_optimizer(cfg.optimizer, cfg.lr_g)
        self.d_opt.build(self.discriminator.trainable_variables)
        self.g_opt.build(self.generator.trainable_variables)
        self._initial = self._state()
        self._real = tf.constant(np.asarray(real, np.float32))
        self._train_fn = tf.function(self._make_train(), reduce_retracing=True)
        self._view_fn = tf.function(self._make_view(), reduce_retracing=True)
        self.z_show = self.noise(view_fakes, salt=1)
        self.z_grid = _noise_grid(cfg.noise_dim)
        ticks = np.linspace(-EXTENT, EXTENT, view_grid, dtype=np.float32)
        gx, gy = np.meshgrid(ticks, ticks)
        self._grid_points = np.stack([gx.ravel(), gy.ravel()], axis=1)
        self.view_grid = view_grid

    # ---- state --------------------------------------------------------------
    def _variables(self) -> list:
        return [
            *self.generator.weights,
            *self.discriminator.weights,
            *self.d_opt.variables,
            *self.g_opt.variables,
        ]

    def _state(self) -> list[np.ndarray]:
        return [np.array(v.numpy()) for v in self._variables()]

    def restore_initial(self) -> None:
        """Back to the seeded initial weights and fresh optimizer state."""
        for var, value in zip(self._variables(), self._initial, strict=True):
            var.assign(value)
        self.set_learning_rates(self.cfg.lr_d, self.cfg.lr_g)

    def set_learning_rates(self, lr_d: float, lr_g: float) -> None:
        self.d_opt.learning_rate.assign(lr_d)
        self.g_opt.learning_rate.assign(lr_g)

    @property
    def d_updates(self) -> int:
        return int(self.d_opt.iterations.numpy())

    @property
    def g_updates(self) -> int:
        return int(self.g_opt.iterations.numpy())

    def noise(self, n: int, salt: int) -> np.ndarray:
        """``n`` seeded noise vectors (outside training: the fixed points the page draws)."""
        rng = np.random.default_rng((self.cfg.seed, 99, salt))
        return rng.uniform(-1.0, 1.0, (n, self.cfg.noise_dim)).astype(np.float32)

    # ---- compiled functions -----------------------------------------------------
    def _make_train(self):
        tf = get_tf()
        g, d = self.generator, self.discriminator
        g_vars, d_vars = g.trainable_variables, d.trainable_variables
        d_opt, g_opt = self.d_opt, self.g_opt
        batch, zdim, seed = self.cfg.batch_size, self.cfg.noise_dim, self.cfg.seed % (2**31 - 1)

        def train(real, first_step, n_steps, k, minimax):
            n_real = tf.shape(real)[0]
            out = tf.TensorArray(tf.float32, size=n_steps)
            for i in tf.range(n_steps):
                step = first_step + i
                d_loss = d_real = d_fake = tf.constant(0.0)
                for j in tf.range(k):
                    s = tf.stack([seed, step * 8 + j])
                    idx = tf.random.stateless_uniform([batch], s, 0, n_real, dtype=tf.int32)
                    z = tf.random.stateless_uniform([batch, zdim], s + tf.constant([0, 7919]), -1.0, 1.0)
                    xr = tf.gather(real, idx)
                    with tf.GradientTape() as tape:
                        lr_ = d(xr, training=True)
                        lf_ = d(g(z, training=True), training=True)
                        d_loss = discriminator_loss(lr_, lf_)
                    d_opt.apply(tape.gradient(d_loss, d_vars), d_vars)
                    d_real = tf.reduce_mean(tf.sigmoid(lr_))
                    d_fake = tf.reduce_mean(tf.sigmoid(lf_))
                z = tf.random.stateless_uniform([batch, zdim], tf.stack([seed, step * 8 + 7]), -1.0, 1.0)
                with tf.GradientTape() as tape:
                    lf_ = d(g(z, training=True), training=True)
                    g_loss = generator_loss(lf_, minimax)
                g_opt.apply(tape.gradient(g_loss, g_vars), g_vars)
                out = out.write(i, tf.stack([d_loss, g_loss, d_real, d_fake]))
            return out.stack()

        return train

    def _make_view(self):
        tf = get_tf()
        g, d = self.generator, self.discriminator

        def view(grid, real_show, z_show, z_grid, minimax):
            d_grid = tf.sigmoid(d(grid))
            fake = g(z_show)
            with tf.GradientTape() as tape:
                tape.watch(fake)
                logit = d(fake)
                total = tf.reduce_sum(tf.where(minimax, -tf.nn.softplus(logit), tf.nn.softplus(-logit)))
            push = -tape.gradient(total, fake)
            return d_grid, fake, push, g(z_grid), d(real_show)[:, 0], logit[:, 0]

        return view

    # ---- public -------------------------------------------------------------------
    def train(self, first_step: int, n_steps: int, k: int, loss: str) -> StepTrace:
        """Run ``n_steps`` steps (numbered from ``first_step``); one row of values per step."""
        tf = get_tf()
        rows = self._train_fn(
            self._real,
            tf.constant(first_step, tf.int32),
            tf.constant(n_steps, tf.int32),
            tf.constant(k, tf.int32),
            tf.constant(loss == "minimax"),
        ).numpy()
        rows = rows.reshape(-1, 4).astype(np.float64)
        return StepTrace(*(rows[:, i] for i in range(4)))

    def view(self, loss: str, real_show: np.ndarray) -> ViewData:
        """The drawing's data; ``real_show`` (r, 2) are the real points drawn."""
        tf = get_tf()
        d_grid, fake, push, manifold, logit_real, logit_fake = self._view_fn(
            tf.constant(self._grid_points),
            tf.constant(np.asarray(real_show, np.float32)),
            tf.constant(self.z_show),
            tf.constant(self.z_grid.reshape(-1, self.cfg.noise_dim)),
            tf.constant(loss == "minimax"),
        )
        n = self.view_grid
        return ViewData(
            d_grid=d_grid.numpy().reshape(n, n),
            fake=fake.numpy(),
            push=push.numpy(),
            manifold=manifold.numpy().reshape(*self.z_grid.shape[:2], 2),
            logit_real=logit_real.numpy(),
            logit_fake=logit_fake.numpy(),
        )

    def generate(self, n: int, salt: int = 2) -> np.ndarray:
        """``n`` samples G(z) for seeded noise (the coverage metric's sample)."""
        return self.generator(self.noise(n, salt), training=False).numpy()

    def count_params(self) -> tuple[int, int]:
        return int(self.generator.count_params()), int(self.discriminator.count_params())


#: Lines of the noise grid each way, and points along each line.
GRID_LINES, GRID_POINTS = 11, 41


def _noise_grid(noise_dim: int) -> np.ndarray:
    """(lines, points, noise_dim): lines of constant z1 and of constant z2 over [-1, 1]^2 (others 0).

    With one noise dimension it is the single line z1 in [-1, 1].
    """
    t = np.linspace(-1.0, 1.0, GRID_POINTS, dtype=np.float32)
    if noise_dim == 1:
        return t[None, :, None]
    fixed = np.linspace(-1.0, 1.0, GRID_LINES, dtype=np.float32)
    grid = np.zeros((2 * GRID_LINES, GRID_POINTS, noise_dim), np.float32)
    grid[:GRID_LINES, :, 0] = fixed[:, None]
    grid[:GRID_LINES, :, 1] = t[None, :]
    grid[GRID_LINES:, :, 0] = t[None, :]
    grid[GRID_LINES:, :, 1] = fixed[:, None]
    return grid


@dataclasses.dataclass(frozen=True)
class Objective:
    """The GAN objective on a set of real and fake points (the numbers the page writes out).

    Attributes:
        d_real, d_fake: mean D(x) over the real points, mean D(G(z)) over the fake ones.
        log_d_real: mean log D(x); log_one_minus_d_fake: mean log(1 − D(G(z))).
        value: V(D, G) = log_d_real + log_one_minus_d_fake (D maximises it, G minimises it).
        d_loss: −V, what the discriminator minimises.
        g_loss: the generator's loss (non-saturating −mean log D(G(z)), or minimax mean log(1 − D(G(z)))).
        log_d_fake: mean log D(G(z)).
    """

    d_real: float
    d_fake: float
    log_d_real: float
    log_one_minus_d_fake: float
    log_d_fake: float
    value: float
    d_loss: float
    g_loss: float


def objective(logit_real: np.ndarray, logit_fake: np.ndarray, loss: str) -> Objective:
    """:class:`Objective` from D's logits (log D = −softplus(−l), log(1 − D) = −softplus(l))."""
    lr_, lf_ = np.asarray(logit_real, np.float64), np.asarray(logit_fake, np.float64)
    with np.errstate(all="ignore"):  # a diverged run's NaN logits give NaN numbers, not warnings
        return _objective(lr_, lf_, loss)


def _objective(lr_: np.ndarray, lf_: np.ndarray, loss: str) -> Objective:
    log_d_real = float(np.mean(-np.logaddexp(0.0, -lr_)))
    log_1m_fake = float(np.mean(-np.logaddexp(0.0, lf_)))
    log_d_fake = float(np.mean(-np.logaddexp(0.0, -lf_)))
    value = log_d_real + log_1m_fake
    g_loss = -log_d_fake if loss == "nonsat" else log_1m_fake
    return Objective(
        d_real=float(np.mean(1.0 / (1.0 + np.exp(-lr_)))),
        d_fake=float(np.mean(1.0 / (1.0 + np.exp(-lf_)))),
        log_d_real=log_d_real,
        log_one_minus_d_fake=log_1m_fake,
        log_d_fake=log_d_fake,
        value=value,
        d_loss=-value,
        g_loss=g_loss,
    )
