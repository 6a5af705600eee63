"""The playground's Keras network and its compiled, in-graph training loop.

Tiny models must not pay Keras's per-call overhead (``model.fit`` costs ~2 ms a
step here), so :class:`PlaygroundTrainer` traces one ``tf.function`` that runs
whole epochs inside the graph (shuffle, mini-batches, optimizer updates, then
the per-epoch train/test loss and accuracy) and one that evaluates every
neuron on the view grid. Both take the data as arguments, so new data of the
same width never re-traces.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass

import numpy as np

from engine.playground.config import PlaygroundConfig
from engine.playground.datasets import DOMAIN, Dataset
from engine.playground.features import compute_features
from engine.tf_runtime import get_tf

GRID = 100  #: the decision-boundary grid is GRID x GRID over [-DOMAIN, DOMAIN]^2
THUMB = 20  #: each neuron's heatmap is THUMB x THUMB (GRID // THUMB block means)


def grid_points(size: int = GRID) -> np.ndarray:
    """Cell centres of a ``size`` x ``size`` grid over the domain, row-major from the top.

    Returns (size*size, 2) float32: row 0 is y = +DOMAIN (the top of the picture).
    """
    step = 2 * DOMAIN / size
    axis = -DOMAIN + step * (np.arange(size) + 0.5)
    xs, ys = np.meshgrid(axis, axis[::-1])
    return np.stack([xs.ravel(), ys.ravel()], axis=1).astype(np.float32)


def _initializers(cfg: PlaygroundConfig, seed: int, layer: int):
    keras = get_tf().keras
    s = seed * 1000 + layer
    if cfg.initializer == "tfp_uniform":
        return keras.initializers.RandomUniform(-0.5, 0.5, seed=s), keras.initializers.Constant(0.1)
    if cfg.initializer == "zeros":
        return keras.initializers.Zeros(), keras.initializers.Zeros()
    if cfg.initializer == "he_normal":
        return keras.initializers.HeNormal(seed=s), keras.initializers.Zeros()
    return keras.initializers.GlorotUniform(seed=s), keras.initializers.Zeros()


def _activation(name: str):
    keras = get_tf().keras
    if name == "leaky_relu":
        return keras.activations.leaky_relu
    return name


def output_activation(cfg: PlaygroundConfig) -> str:
    """sigmoid (binary), softmax (3+ classes) or linear (regression)."""
    if cfg.is_regression:
        return "linear"
    return "softmax" if cfg.n_classes > 2 else "sigmoid"


#: Networks with at most this many hidden neurons draw their view in numpy: measured on the
#: development machine, 0.63 ms vs 1.16 ms (TensorFlow) for the default 4-2 network, but 3.3 ms
#: vs 1.9 ms for TF Playground's spiral (6 x 8): per-op overhead against raw throughput.
NUMPY_VIEW_MAX_UNITS = 16


def numpy_activation(name: str, z: np.ndarray) -> np.ndarray:
    """Keras's activation ``name`` (the playground's, or an output's) in numpy, float32 in/out."""
    if name == "relu":
        return np.maximum(z, 0)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "leaky_relu":  # keras.activations.leaky_relu: negative_slope 0.2
        return np.where(z > 0, z, np.float32(0.2) * z)
    if name == "elu":
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0)))
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    if name == "linear":
        return z
    raise ValueError(f"unknown activation {name!r}")


def build_model(cfg: PlaygroundConfig, init_seed: int):
    """The Keras model for ``cfg`` with weights drawn from ``init_seed``."""
    keras = get_tf().keras
    reg = None
    if cfg.regularization == "l1" and cfg.reg_rate > 0:
        reg = keras.regularizers.L1(cfg.reg_rate)
    elif cfg.regularization == "l2" and cfg.reg_rate > 0:
        reg = keras.regularizers.L2(cfg.reg_rate)
    layers: list = [keras.Input(shape=(len(cfg.features),), name="features")]
    for i, units in enumerate(cfg.hidden):
        k_init, b_init = _initializers(cfg, init_seed, i)
        layers.append(
            keras.layers.Dense(
                units,
                activation=_activation(cfg.activation),
                kernel_initializer=k_init,
                bias_initializer=b_init,
                kernel_regularizer=reg,
                name=f"hidden_{i + 1}",
            )
        )
        if cfg.dropout > 0:
            layers.append(keras.layers.Dropout(cfg.dropout, seed=init_seed * 1000 + 500 + i))
    k_init, b_init = _initializers(cfg, init_seed, len(cfg.hidden))
    layers.append(
        keras.layers.Dense(
            cfg.n_outputs,
            activation=output_activation(cfg),
            kernel_initializer=k_init,
            bias_initializer=b_init,
            kernel_regularizer=reg,
            name="output",
        )
    )
    return keras.Sequential(layers, name="playground")


def build_optimizer(cfg: PlaygroundConfig):
    """The Keras optimizer for ``cfg`` (its learning rate can be changed live)."""
    opt = get_tf().keras.optimizers
    lr = cfg.learning_rate
    if cfg.optimizer == "momentum":
        return opt.SGD(learning_rate=lr, momentum=0.9)
    if cfg.optimizer == "rmsprop":
        return opt.RMSprop(learning_rate=lr)
    if cfg.optimizer == "adagrad":
        return opt.Adagrad(learning_rate=lr)
    if cfg.optimizer == "adam":
        return opt.Adam(learning_rate=lr)
    return opt.SGD(learning_rate=lr)


@dataclass(frozen=True)
class GridView:
    """Everything a view draws, from one compiled call.

    Attributes:
        output: (GRID*GRID, n_outputs) the network's output on the view grid.
        thumbs: (units, THUMB, THUMB) every Dense neuron's output, block-averaged,
            hidden layers then the output layer, row 0 = top of the picture.
        kernels, biases: per Dense layer, (n_in, n_out) and (n_out,).
    """

    output: np.ndarray
    thumbs: np.ndarray
    kernels: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]


@dataclass(frozen=True)
class EpochMetrics:
    """Per-epoch results of one compiled chunk, each array (n_epochs,) float64.

    Losses are the data loss without the regularization penalty (as TF
    Playground reports them); accuracies are NaN for regression.
    """

    train_loss: np.ndarray
    test_loss: np.ndarray
    train_acc: np.ndarray
    test_acc: np.ndarray


class PlaygroundTrainer:
    """A Keras model plus compiled functions that train it and probe its neurons.

    Not thread-safe: the owning run serialises calls.
    """

    def __init__(self, cfg: PlaygroundConfig, data: Dataset, init_seed: int) -> None:
        tf = get_tf()
        self.cfg = cfg
        self.model = build_model(cfg, init_seed)
        self.optimizer = build_optimizer(cfg)
        self.optimizer.build(self.model.trainable_variables)
        self._initial_weights = [w.copy() for w in self.model.get_weights()]
        self._initial_opt = [v.numpy().copy() for v in self.optimizer.variables]
        self.grid_features = tf.constant(compute_features(grid_points(), cfg.features))
        self._grid_np: np.ndarray | None = None
        self.set_data(data)
        self._steps_fn = self._make_steps_fn()
        self._eval_fn = get_tf().function(self._metrics)
        self._probe_fn = self._make_probe_fn()
        self._view_fn = self._make_view_fn()

    # ---- data and weights ----------------------------------------------------
    def set_data(self, data: Dataset) -> None:
        """Use new points (same features); keeps the weights."""
        tf = get_tf()
        self.data = data
        y_dtype = tf.float32 if self.cfg.is_regression else tf.int32
        self._x_train = tf.constant(compute_features(data.x_train, self.cfg.features))
        self._x_test = tf.constant(compute_features(data.x_test, self.cfg.features))
        self._y_train = tf.constant(data.y_train, dtype=y_dtype)
        self._y_test = tf.constant(data.y_test, dtype=y_dtype)

    def reinitialize(self, init_seed: int | None) -> None:
        """Fresh weights from ``init_seed``, or the first ones again if None; optimizer state cleared."""
        if init_seed is None:
            self.model.set_weights(self._initial_weights)
        else:
            fresh = build_model(self.cfg, init_seed)
            self.model.set_weights(fresh.get_weights())
            self._initial_weights = [w.copy() for w in fresh.get_weights()]
        lr = float(self.optimizer.learning_rate.numpy())  # a live setting, not optimizer state
        for var, value in zip(self.optimizer.variables, self._initial_opt, strict=True):
            var.assign(value)
        self.set_learning_rate(lr)

    def set_learning_rate(self, lr: float) -> None:
        self.optimizer.learning_rate.assign(lr)

    @property
    def n_params(self) -> int:
        return int(self.model.count_params())

    # ---- compiled functions ------------------------------------------------
    def _loss(self, y, out):
        tf = get_tf()
        cfg = self.cfg
        if cfg.is_regression:
            return tf.reduce_mean(tf.square(out[:, 0] - y))
        if cfg.n_outputs == 1:
            p = tf.clip_by_value(out[:, 0], 1e-7, 1 - 1e-7)
            yf = tf.cast(y, tf.float32)
            if cfg.effective_loss == "mse":
                return tf.reduce_mean(tf.square(out[:, 0] - yf))
            return -tf.reduce_mean(yf * tf.math.log(p) + (1 - yf) * tf.math.log(1 - p))
        onehot = tf.one_hot(y, cfg.n_outputs)
        if cfg.effective_loss == "mse":
            return tf.reduce_mean(tf.square(out - onehot))  # as Keras's 'mse' on one-hot targets
        p = tf.clip_by_value(out, 1e-7, 1.0)
        return -tf.reduce_mean(tf.reduce_sum(onehot * tf.math.log(p), axis=1))

    def _accuracy(self, y, out):
        tf = get_tf()
        if self.cfg.is_regression:
            return tf.constant(float("nan"))
        if self.cfg.n_outputs == 1:
            pred = tf.cast(out[:, 0] > 0.5, tf.int32)
        else:
            pred = tf.argmax(out, axis=1, output_type=tf.int32)
        return tf.reduce_mean(tf.cast(tf.equal(pred, y), tf.float32))

    def _shuffled(self, n, epoch, shuffle_seed):
        """Epoch ``epoch``'s order of the ``n`` training rows (the same for whole and part epochs)."""
        tf = get_tf()
        return tf.argsort(tf.random.stateless_uniform([n], seed=tf.stack([shuffle_seed, epoch])))

    def _make_steps_fn(self):
        tf = get_tf()
        model, optimizer = self.model, self.optimizer
        variables = model.trainable_variables

        def steps(x, y, start, n_steps, batch_size, epoch, shuffle_seed):
            n = tf.shape(x)[0]
            order = self._shuffled(n, epoch, shuffle_seed)
            total = tf.constant(0.0)
            for b in tf.range(n_steps):
                lo = start + b * batch_size
                idx = order[lo : tf.minimum(lo + batch_size, n)]
                xb, yb = tf.gather(x, idx), tf.gather(y, idx)
                with tf.GradientTape() as tape:
                    loss = self._loss(yb, model(xb, training=True))
                    if model.losses:
                        loss = loss + tf.add_n(model.losses)
                grads = tape.gradient(loss, variables)
                optimizer.apply(grads, variables)
                total += loss
            return total / tf.cast(tf.maximum(n_steps, 1), tf.float32)

        return tf.function(steps, reduce_retracing=True)

    def _metrics(self, x, y, x_test, y_test):
        out_train = self.model(x, training=False)
        out_test = self.model(x_test, training=False)
        return get_tf().stack(
            [
                self._loss(y, out_train),
                self._loss(y_test, out_test),
                self._accuracy(y, out_train),
                self._accuracy(y_test, out_test),
            ]
        )

    def _make_probe_fn(self):
        tf = get_tf()
        dense = [layer for layer in self.model.layers if isinstance(layer, tf.keras.layers.Dense)]

        def probe(x):
            outs, h = [], x
            for layer in self.model.layers:
                h = layer(h, training=False)
                if layer in dense:
                    outs.append(h)
            return outs

        return tf.function(probe)

    def _make_view_fn(self):
        tf = get_tf()
        dense = [layer for layer in self.model.layers if isinstance(layer, tf.keras.layers.Dense)]
        block = GRID // THUMB

        def view(x):
            outs = self._probe_fn(x)
            units = tf.concat(outs, axis=1)  # (G*G, U): every neuron's output, grid in row-major order
            # Block means by two sums over contiguous blocks (grid rows, then columns): a
            # per-layer transpose + avg_pool2d on one-channel images cost ~4x the forward pass.
            n = tf.shape(units)[1]
            rows = tf.reduce_sum(tf.reshape(units, [THUMB, block, GRID * n]), axis=1)  # (T, G*U)
            cells = tf.reduce_sum(tf.reshape(rows, [THUMB, THUMB, block, n]), axis=2)  # (T, T, U)
            thumbs = tf.transpose(cells, [2, 0, 1]) / float(block * block)  # (U, T, T)
            kernels = [tf.convert_to_tensor(layer.kernel) for layer in dense]
            biases = [tf.convert_to_tensor(layer.bias) for layer in dense]
            return outs[-1], thumbs, kernels, biases

        return tf.function(view)

    def grid_view(self) -> GridView:
        """The output grid, every neuron's heatmap and the weights: a small network's in numpy
        (about half the time of TensorFlow's per-op overhead), a larger one's in one compiled
        call (see :data:`NUMPY_VIEW_MAX_UNITS`). Both give the same numbers (to float32 noise)."""
        if sum(self.cfg.hidden) <= NUMPY_VIEW_MAX_UNITS:
            return self._numpy_view()
        return self.compiled_view()

    def compiled_view(self) -> GridView:
        """:meth:`grid_view` in one compiled TensorFlow call."""
        out, thumbs, kernels, biases = self._view_fn(self.grid_features)
        return GridView(
            out.numpy(),
            thumbs.numpy(),
            tuple(k.numpy() for k in kernels),
            tuple(b.numpy() for b in biases),
        )

    def _numpy_view(self) -> GridView:
        tf = get_tf()
        if self._grid_np is None:
            self._grid_np = self.grid_features.numpy()
        dense = [layer for layer in self.model.layers if isinstance(layer, tf.keras.layers.Dense)]
        kernels = tuple(layer.kernel.numpy() for layer in dense)
        biases = tuple(layer.bias.numpy() for layer in dense)
        h, outs = self._grid_np, []
        for i, (k, b) in enumerate(zip(kernels, biases, strict=True)):
            z = h @ k + b
            h = numpy_activation(
                self.cfg.activation if i < len(kernels) - 1 else output_activation(self.cfg), z
            )
            outs.append(h)
        units = np.concatenate(outs, axis=1)
        block = GRID // THUMB
        thumbs = units.reshape(THUMB, block, THUMB, block, -1).mean(axis=(1, 3)).transpose(2, 0, 1)
        return GridView(outs[-1], np.ascontiguousarray(thumbs, dtype=np.float32), kernels, biases)

    def train_epochs(self, n_epochs: int, batch_size: int, epoch0: int) -> EpochMetrics:
        """Train ``n_epochs`` full epochs from epoch ``epoch0``: per epoch one compiled call for its
        mini-batches and one for its metrics (a run's only two traced training functions: tracing
        costs about a second of a core per run, paid by every learner who opens the page)."""
        n = int(self._x_train.shape[0])
        per_epoch = -(-n // batch_size)
        rows = []
        for e in range(n_epochs):
            loss = self.train_batches(0, per_epoch, batch_size, epoch0 + e)
            row = self.epoch_metrics()
            rows.append([float(v[0]) for v in (row.train_loss, row.test_loss, row.train_acc, row.test_acc)])
            if not np.isfinite(loss):  # diverged: the caller keeps the epochs before this one
                rows[-1][0] = float("nan")
                break
        table = np.array(rows, dtype=np.float64).reshape(-1, 4)
        return EpochMetrics(table[:, 0], table[:, 1], table[:, 2], table[:, 3])

    def train_batches(self, start: int, n_batches: int, batch_size: int, epoch: int) -> float:
        """Train ``n_batches`` mini-batches of epoch ``epoch`` from row ``start`` of its shuffled
        order: the very batches :meth:`train_epochs` takes (start at a multiple of the batch
        size), so an epoch trained in parts ends with the same weights. Returns the batches' mean
        loss (NaN/inf when training diverged). Does not evaluate: see :meth:`epoch_metrics`."""
        tf = get_tf()
        loss = self._steps_fn(
            self._x_train,
            self._y_train,
            tf.constant(start, tf.int32),
            tf.constant(n_batches, tf.int32),
            tf.constant(batch_size, tf.int32),
            tf.constant(epoch, tf.int32),
            tf.constant(int(self.data.seed) % (2**31), tf.int32),
        )
        return float(loss)

    def epoch_metrics(self) -> EpochMetrics:
        """Train/test loss and accuracy now, in one compiled call (one row; see :meth:`evaluate`)."""
        row = self._eval_fn(self._x_train, self._y_train, self._x_test, self._y_test).numpy()
        return EpochMetrics(*(np.array([float(v)]) for v in row))

    def evaluate(self) -> EpochMetrics:
        """Current train/test loss and accuracy without training (one row)."""
        tf = get_tf()
        out_train = self.model(self._x_train, training=False)
        out_test = self.model(self._x_test, training=False)
        vals = [
            float(v)
            for v in (
                self._loss(self._y_train, out_train),
                self._loss(self._y_test, out_test),
                self._accuracy(self._y_train, out_train),
                self._accuracy(self._y_test, out_test),
            )
        ]
        del tf
        return EpochMetrics(*(np.array([v]) for v in vals))

    def probe_grid(self) -> list[np.ndarray]:
        """Every Dense layer's output on the view grid: list of (GRID*GRID, units) float32."""
        return [t.numpy() for t in self._probe_fn(self.grid_features)]

    def weights(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        """Kernels (in, out) and biases (out,) of every Dense layer, input to output."""
        tf = get_tf()
        kernels, biases = [], []
        for layer in self.model.layers:
            if isinstance(layer, tf.keras.layers.Dense):
                k, b = layer.get_weights()
                kernels.append(k)
                biases.append(b)
        return tuple(kernels), tuple(biases)

    def export_keras(self) -> bytes:
        """The model as a ``.keras`` file (bytes), loadable with ``keras.models.load_model``."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "playground.keras")
            self.model.save(path)
            with open(path, "rb") as fh:
                data = fh.read()
        zipfile.ZipFile(io.BytesIO(data)).testzip()  # a corrupt archive fails here, not for the learner
        return data
