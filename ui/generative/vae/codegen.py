"""The Keras code of the VAE page's experiment, for learners to copy (runs standalone)."""

from __future__ import annotations

from engine.generative.vae.config import VaeConfig

_DATA = """import numpy as np
import tensorflow as tf
from tensorflow import keras

# keras.datasets downloads the digits once (this page trains on the bundled offline copy)
(x_train, _), (x_test, y_test) = keras.datasets.{module}.load_data()
x_train = x_train[:{n}].reshape(-1, 784).astype("float32") / 255
x_test = x_test[:1000].reshape(-1, 784).astype("float32") / 255
init = keras.initializers.GlorotUniform
"""

_DECODER = """
z_in = keras.Input(shape=(2,))
h = keras.layers.Dense({hidden}, activation="relu", kernel_initializer=init(seed={s4}))(z_in)
pixels = keras.layers.Dense(784, activation="sigmoid", kernel_initializer=init(seed={s5}))(h)
decoder = keras.Model(z_in, pixels, name="decoder")
"""

_VAE = """
inputs = keras.Input(shape=(784,))
h = keras.layers.Dense({hidden}, activation="relu", kernel_initializer=init(seed={s1}))(inputs)
z_mean = keras.layers.Dense(2, kernel_initializer=init(seed={s2}))(h)
z_log_var = keras.layers.Dense(2, kernel_initializer=init(seed={s3}))(h)
encoder = keras.Model(inputs, [z_mean, z_log_var], name="encoder")
{decoder}

class VAE(keras.Model):
    def __init__(self, encoder, decoder, beta):
        super().__init__()
        self.encoder, self.decoder, self.beta = encoder, decoder, beta
        self.noise = keras.random.SeedGenerator({seed})

    def train_step(self, x):
        with tf.GradientTape() as tape:
            mu, log_var = self.encoder(x, training=True)
            eps = keras.random.normal(tf.shape(mu), seed=self.noise)
            z = mu + tf.exp(0.5 * log_var) * eps  # the reparameterisation trick
            p = self.decoder(z, training=True)
            # binary cross-entropy summed over the 784 pixels, and the closed-form KL, per image
            recon = tf.reduce_mean(784 * keras.losses.binary_crossentropy(x, p))
            kl = tf.reduce_mean(-0.5 * tf.reduce_sum(1 + log_var - tf.square(mu) - tf.exp(log_var), axis=1))
            loss = recon + self.beta * kl
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply(grads, self.trainable_weights)
        return {{"loss": loss, "reconstruction": recon, "kl": kl}}


vae = VAE(encoder, decoder, beta={beta})
vae.compile(optimizer=keras.optimizers.Adam(learning_rate={lr}))
vae.fit(x_train, epochs={epochs}, batch_size={bs}, verbose=2)

codes, _ = encoder.predict(x_test, verbose=0)  # the latent scatter: mu of each test image
print("codes from", codes.min(axis=0), "to", codes.max(axis=0))
sample = decoder.predict(np.random.default_rng(0).standard_normal((1, 2)), verbose=0)  # z ~ N(0, I)
print((sample.reshape(28, 28) > 0.5).astype(int))
"""

_AE = """
inputs = keras.Input(shape=(784,))
h = keras.layers.Dense({hidden}, activation="relu", kernel_initializer=init(seed={s1}))(inputs)
z = keras.layers.Dense(2, kernel_initializer=init(seed={s2}))(h)
encoder = keras.Model(inputs, z, name="encoder")
{decoder}
# a plain autoencoder: z is one point per image, no noise, no KL term
autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
autoencoder.compile(
    optimizer=keras.optimizers.Adam(learning_rate={lr}),
    loss=lambda x, p: 784 * keras.losses.binary_crossentropy(x, p),  # summed over pixels
)
autoencoder.fit(x_train, x_train, epochs={epochs}, batch_size={bs}, verbose=2)

codes = encoder.predict(x_test, verbose=0)
print("codes from", codes.min(axis=0), "to", codes.max(axis=0))
inside = np.mean(np.hypot(codes[:, 0], codes[:, 1]) < 2)
print(f"{{inside:.0%}} of the codes lie where N(0, I) draws most samples (|z| < 2)")
"""


def vae_code(cfg: VaeConfig, n_train: int) -> str:
    """A runnable Keras program of ``cfg`` (weights seeded as on the page; the noise differs)."""
    s = cfg.seed * 1000
    seeds = {f"s{i}": s + i for i in range(1, 6)}
    decoder = _DECODER.format(hidden=cfg.hidden, **seeds)
    module = "fashion_mnist" if cfg.dataset == "fashion" else "mnist"
    body = _VAE if cfg.variational else _AE
    return _DATA.format(module=module, n=n_train) + body.format(
        hidden=cfg.hidden,
        decoder=decoder,
        seed=cfg.seed,
        beta=float(cfg.beta),
        lr=float(cfg.learning_rate),
        epochs=cfg.epochs,
        bs=cfg.batch_size,
        **seeds,
    )
