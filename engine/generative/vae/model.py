"""The VAE's two Keras models, its loss terms, and the decoder in numpy.

Encoder: 784 pixels → Dense(hidden, ReLU) → Dense(2) μ and Dense(2) log σ² (the plain
autoencoder has only the μ head and uses z = μ). Decoder: z (2) → Dense(hidden, ReLU) →
Dense(784, sigmoid). Weights depend only on ``seed`` (each layer gets its own derived seed).

The loss per image is the reconstruction term (binary cross-entropy summed over the 784
pixels, probabilities clipped to [1e-7, 1 - 1e-7] as Keras does) plus β times the closed-form
KL divergence of N(μ, σ²) from N(0, I)::

    KL = -1/2 · Σ_j (1 + log σ_j² - μ_j² - σ_j²)

:class:`DecoderWeights` runs the decoder in numpy (what the live view's JavaScript runs too),
so snapshots can be decoded anywhere without TensorFlow or the run's lock.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from engine.generative.vae.config import LATENT_DIM
from engine.tf_runtime import get_tf

PIXELS = 28 * 28
EPSILON = 1e-7  #: Keras's backend epsilon: the probability clip of binary cross-entropy


def _init(seed: int, i: int):
    keras = get_tf().keras
    return keras.initializers.GlorotUniform(seed=seed * 1000 + i)


def build_encoder(hidden: int, variational: bool, seed: int):
    """x (n, 784) → [μ, log σ²] (each (n, 2)) for the VAE, or μ (n, 2) for the plain autoencoder."""
    keras = get_tf().keras
    layers = keras.layers
    x = keras.Input(shape=(PIXELS,), name="image")
    h = layers.Dense(hidden, activation="relu", kernel_initializer=_init(seed, 1), name="enc_hidden")(x)
    mu = layers.Dense(LATENT_DIM, kernel_initializer=_init(seed, 2), name="z_mean")(h)
    if not variational:
        return keras.Model(x, mu, name="encoder")
    log_var = layers.Dense(LATENT_DIM, kernel_initializer=_init(seed, 3), name="z_log_var")(h)
    return keras.Model(x, [mu, log_var], name="encoder")


def build_decoder(hidden: int, seed: int):
    """z (n, 2) → pixel probabilities (n, 784)."""
    keras = get_tf().keras
    layers = keras.layers
    z = keras.Input(shape=(LATENT_DIM,), name="z")
    h = layers.Dense(hidden, activation="relu", kernel_initializer=_init(seed, 4), name="dec_hidden")(z)
    out = layers.Dense(PIXELS, activation="sigmoid", kernel_initializer=_init(seed, 5), name="pixels")(h)
    return keras.Model(z, out, name="decoder")


# ---- loss terms in numpy (the page's numbers, and the reference of the tests) -----------
def reconstruction_terms(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Binary cross-entropy summed over pixels, per image: x, p (n, 784) → (n,)."""
    p = np.clip(p.astype(np.float64), EPSILON, 1.0 - EPSILON)
    x = x.astype(np.float64)
    return -np.sum(x * np.log(p) + (1.0 - x) * np.log(1.0 - p), axis=1)


def kl_terms(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """KL(N(μ, σ²) ‖ N(0, I)) per image, closed form: (n, 2), (n, 2) → (n,)."""
    mu, log_var = mu.astype(np.float64), log_var.astype(np.float64)
    return -0.5 * np.sum(1.0 + log_var - mu**2 - np.exp(log_var), axis=1)


def _sigmoid(v: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * v))  # no overflow warnings for large |v|


@dataclasses.dataclass(frozen=True)
class DecoderWeights:
    """The decoder's weights as numpy arrays (float32, read-only): Dense kernels and biases."""

    w1: np.ndarray  # (2, hidden)
    b1: np.ndarray  # (hidden,)
    w2: np.ndarray  # (hidden, 784)
    b2: np.ndarray  # (784,)

    @classmethod
    def of(cls, decoder) -> DecoderWeights:
        arrays = [np.array(w, np.float32) for w in decoder.get_weights()]
        for a in arrays:
            a.setflags(write=False)
        return cls(*arrays)

    @property
    def hidden(self) -> int:
        return int(self.w1.shape[1])

    def decode(self, z: np.ndarray) -> np.ndarray:
        """z (n, 2) → images (n, 28, 28) in [0, 1], exactly the Keras decoder's arithmetic."""
        z = np.asarray(z, np.float32).reshape(-1, LATENT_DIM)
        h = np.maximum(z @ self.w1 + self.b1, 0.0)
        return _sigmoid(h @ self.w2 + self.b2).reshape(-1, 28, 28)


# ---- exploring the latent plane -------------------------------------------------------------
def grid_points(n: int, lo: float, hi: float) -> np.ndarray:
    """(n*n, 2) points of an n x n grid over [lo, hi]², row by row from the top (z2 = hi) down."""
    values = np.linspace(lo, hi, n)
    z1, z2 = np.meshgrid(values, values[::-1])
    return np.stack([z1.ravel(), z2.ravel()], axis=1).astype(np.float32)


def decode_grid(weights: DecoderWeights, n: int, lo: float, hi: float) -> np.ndarray:
    """The decoded n x n grid over [lo, hi]² as one mosaic image (28 n, 28 n) in [0, 1]."""
    if n < 1:
        raise ValueError("the grid needs at least one point per side")
    images = weights.decode(grid_points(n, lo, hi)).reshape(n, n, 28, 28)
    return images.transpose(0, 2, 1, 3).reshape(n * 28, n * 28)


def interpolate(weights: DecoderWeights, z_a: np.ndarray, z_b: np.ndarray, steps: int) -> np.ndarray:
    """Decode ``steps`` evenly spaced points on the straight line from z_a to z_b: (steps, 28, 28)."""
    t = np.linspace(0.0, 1.0, steps)[:, None]
    z = (1.0 - t) * np.asarray(z_a, np.float64) + t * np.asarray(z_b, np.float64)
    return weights.decode(z)


def prior_samples(weights: DecoderWeights, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` draws z ~ N(0, I) (seeded) and their decoded images: ((n, 2), (n, 28, 28))."""
    z = np.random.default_rng(seed).standard_normal((n, LATENT_DIM)).astype(np.float32)
    return z, weights.decode(z)


def plane_range(codes: np.ndarray, minimum: float = 3.0) -> float:
    """Half-width of the square latent plane to draw: covers 99 % of ``codes`` (at least ±minimum),
    rounded up to a whole number so it changes in steps, not every frame."""
    finite = codes[np.isfinite(codes).all(axis=1)] if len(codes) else codes
    if not len(finite):
        return minimum
    reach = float(np.percentile(np.abs(finite), 99.5))
    return float(max(minimum, np.ceil(reach * 1.05)))


def empty_share(codes: np.ndarray, cells: int = 12) -> float:
    """Share of an cells x cells grid over the codes' own square (1st..99th percentile per axis)
    that holds no code at all: how much of the plane the model has left as holes."""
    lo = np.percentile(codes, 1, axis=0)
    hi = np.percentile(codes, 99, axis=0)
    inside = codes[((codes >= lo) & (codes <= hi)).all(axis=1)]
    idx = np.clip(((inside - lo) / np.maximum(hi - lo, 1e-9) * cells).astype(int), 0, cells - 1)
    filled = len({(int(a), int(b)) for a, b in idx})
    return 1.0 - filled / cells**2


@dataclasses.dataclass(frozen=True)
class Explanation:
    """One image through the VAE, term by term (the page writes these numbers into the formulas)."""

    mu: np.ndarray  # (2,)
    log_var: np.ndarray  # (2,)
    eps: np.ndarray  # (2,)
    z: np.ndarray  # (2,) = mu + exp(log_var / 2) * eps
    reconstruction: float
    kl: float
    beta: float

    @property
    def sigma(self) -> np.ndarray:
        return np.exp(0.5 * self.log_var)

    @property
    def loss(self) -> float:
        return self.reconstruction + self.beta * self.kl


def explain(
    x: np.ndarray,
    mu: np.ndarray,
    log_var: np.ndarray | None,
    eps: np.ndarray,
    weights: DecoderWeights,
    beta: float,
) -> Explanation:
    """One image x (784,) with its encoder outputs: sample z (the reparameterisation trick), decode, score.

    ``log_var`` None: the plain autoencoder (z = μ, no KL term)."""
    mu = np.asarray(mu, np.float64)
    if log_var is None:
        log_var_, eps_, z, kl, beta = np.zeros(2), np.zeros(2), mu, 0.0, 0.0
    else:
        log_var_, eps_ = np.asarray(log_var, np.float64), np.asarray(eps, np.float64)
        z = mu + np.exp(0.5 * log_var_) * eps_
        kl = float(kl_terms(mu[None], log_var_[None])[0])
    p = weights.decode(z[None]).reshape(1, PIXELS)
    recon = float(reconstruction_terms(np.asarray(x).reshape(1, PIXELS), p)[0])
    return Explanation(mu, log_var_, eps_, z, recon, kl, float(beta))


def within_prior(codes: np.ndarray, radius: float = 2.0) -> float:
    """Share of codes inside the circle |z| < radius (radius 2 holds 86 % of N(0, I)'s draws)."""
    if not len(codes):
        return 0.0
    return float(np.mean(np.hypot(codes[:, 0], codes[:, 1]) < radius))
