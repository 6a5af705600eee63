"""The Keras code equivalent to a playground configuration (a string to copy)."""

from __future__ import annotations

from engine.playground.config import PlaygroundConfig
from engine.playground.features import FEATURE_FORMULAS

_FEATURE_CODE: dict[str, str] = {
    "x1": "x1",
    "x2": "x2",
    "x1sq": "x1**2",
    "x2sq": "x2**2",
    "x1x2": "x1 * x2",
    "sinx1": "np.sin(x1)",
    "sinx2": "np.sin(x2)",
}
_OPTIMIZER_CODE: dict[str, str] = {
    "sgd": "keras.optimizers.SGD(learning_rate={lr})",
    "momentum": "keras.optimizers.SGD(learning_rate={lr}, momentum=0.9)",
    "rmsprop": "keras.optimizers.RMSprop(learning_rate={lr})",
    "adagrad": "keras.optimizers.Adagrad(learning_rate={lr})",
    "adam": "keras.optimizers.Adam(learning_rate={lr})",
}
_INIT_CODE: dict[str, tuple[str, str]] = {
    "glorot_uniform": ("keras.initializers.GlorotUniform(seed={s})", "'zeros'"),
    "he_normal": ("keras.initializers.HeNormal(seed={s})", "'zeros'"),
    "tfp_uniform": (
        "keras.initializers.RandomUniform(-0.5, 0.5, seed={s})",
        "keras.initializers.Constant(0.1)",
    ),
    "zeros": ("'zeros'", "'zeros'"),
}


def _dense(cfg: PlaygroundConfig, units: int, activation: str, layer: int, name: str) -> str:
    kernel, bias = _INIT_CODE[cfg.initializer]
    args = [str(units), f"activation={activation!r}"]
    args.append(f"kernel_initializer={kernel.format(s=cfg.init_seed * 1000 + layer)}")
    if cfg.initializer == "tfp_uniform":
        args.append(f"bias_initializer={bias}")
    if cfg.regularization != "none" and cfg.reg_rate > 0:
        args.append(f"kernel_regularizer=keras.regularizers.{cfg.regularization.upper()}({cfg.reg_rate:g})")
    args.append(f"name={name!r}")
    return f"    keras.layers.Dense({', '.join(args)}),"


def keras_code(cfg: PlaygroundConfig) -> str:
    """Runnable Python that builds and trains the same network with plain Keras."""
    feats = ", ".join(_FEATURE_CODE[f] for f in cfg.features)
    if cfg.is_regression:
        out_act, loss, metrics = "linear", "'mse'", ""
    elif cfg.n_classes > 2:
        out_act = "softmax"
        loss = "'sparse_categorical_crossentropy'" if cfg.loss == "cross_entropy" else "'mse'"
        metrics = ", metrics=['accuracy']"
    else:
        out_act = "sigmoid"
        loss = "'binary_crossentropy'" if cfg.loss == "cross_entropy" else "'mse'"
        metrics = ", metrics=['accuracy']"
    lines = [
        "import numpy as np",
        "import keras",
        "",
        "from engine.playground.datasets import make_dataset  # this repo's seeded generators",
        "",
        "# x: (n, 2) points in [-6, 6]^2; y: "
        + ("target in [-1, 1]" if cfg.is_regression else "class index"),
        f"data = make_dataset({cfg.dataset!r}, n_points={cfg.n_points}, noise={cfg.noise / 100:g}, "
        f"train_fraction={cfg.train_percent / 100:g}, seed={cfg.seed})",
        "x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test",
        *(
            [
                "# MSE on k softmax outputs compares them with one-hot targets",
                f"y_train = keras.utils.to_categorical(y_train, {cfg.n_classes})",
                f"y_test = keras.utils.to_categorical(y_test, {cfg.n_classes})",
            ]
            if cfg.n_classes > 2 and cfg.loss == "mse"
            else []
        ),
        "",
        "def features(x):",
        "    x1, x2 = x[:, 0], x[:, 1]",
        f"    return np.stack([{feats}], axis=1)  # {', '.join(FEATURE_FORMULAS[f] for f in cfg.features)}",
        "",
        "model = keras.Sequential([",
        f"    keras.Input(shape=({len(cfg.features)},)),",
    ]
    act = "leaky_relu" if cfg.activation == "leaky_relu" else cfg.activation
    for i, units in enumerate(cfg.hidden):
        lines.append(_dense(cfg, units, act, i, f"hidden_{i + 1}"))
        if cfg.dropout > 0:
            lines.append(f"    keras.layers.Dropout({cfg.dropout:g}),")
    lines.append(_dense(cfg, cfg.n_outputs, out_act, len(cfg.hidden), "output"))
    lines += [
        "])",
        "model.compile(",
        f"    optimizer={_OPTIMIZER_CODE[cfg.optimizer].format(lr=f'{cfg.learning_rate:g}')},",
        f"    loss={loss}{metrics},",
        ")",
        "model.summary()",
        f"history = model.fit(features(x_train), y_train, batch_size={cfg.batch_size}, epochs=100,",
        "                    validation_data=(features(x_test), y_test))",
    ]
    return "\n".join(lines) + "\n"
