"""The Keras code of what each page shows, for learners to copy into a notebook."""

from __future__ import annotations

from engine.neuron.config import GatesConfig, NeuronConfig
from engine.neuron.data import DATASETS


def _array(values) -> str:
    return ", ".join(f"{float(v):g}" for v in values)


def neuron_code(cfg: NeuronConfig) -> str:
    """The slides' Hello TensorFlow program for ``cfg`` (Keras 3 spelling)."""
    data = DATASETS[cfg.dataset]
    queries = ", ".join(f"[{q:g}]" for q in (*data.queries, cfg.x_query))
    return f"""import numpy as np
from tensorflow import keras

# {data.label}
x = np.array([{_array(data.x)}]).reshape(-1, 1)
y = np.array([{_array(data.y)}]).reshape(-1, 1)

# just one unit: an output neuron with one input
model = keras.Sequential([
    keras.Input(shape=(1,)),
    keras.layers.Dense(units=1, kernel_initializer=keras.initializers.GlorotUniform(seed={cfg.seed})),
])
model.compile(
    loss=keras.losses.MeanSquaredError(),
    optimizer=keras.optimizers.SGD(learning_rate={float(cfg.learning_rate)!r}),
)

# train: {len(data.x)} points < batch size 32, so each epoch is one gradient step
history = model.fit(x, y, epochs={cfg.epochs}, verbose=0)

w, b = (v.ravel()[0] for v in model.get_weights())
print(f"learned y = {{w:.4f}} x + {{b:.4f}}")
# test with values it has never seen before
print(model.predict(np.array([{queries}])))
"""


def gates_code(cfg: GatesConfig) -> str:
    """A Keras version of the gates page: one sigmoid neuron and, for XOR, a 2-1 hidden layer."""
    from engine.neuron.gates import TRUTH

    target = _array(TRUTH[cfg.gate])
    hidden = cfg.gate == "XOR"
    layers = (
        "    keras.layers.Dense(2, activation='sigmoid'),  # hidden: e.g. OR and NAND\n"
        "    keras.layers.Dense(1, activation='sigmoid'),  # output: e.g. AND\n"
        if hidden
        else "    keras.layers.Dense(1, activation='sigmoid'),  # z = w1*x1 + w2*x2 + b, out = sigma(z)\n"
    )
    manual = (
        ""
        if hidden
        else f"""
# or set the weights by hand (kernel (2, 1), bias (1,)), as on the slides:
model.layers[0].set_weights([np.array([[{cfg.w1:g}], [{cfg.w2:g}]]), np.array([{cfg.b:g}])])
print(model.predict(x, verbose=0).round(4))
"""
    )
    return f"""import numpy as np
from tensorflow import keras

keras.utils.set_random_seed({cfg.seed})
x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
y = np.array([{target}], dtype="float32")  # {cfg.gate}

model = keras.Sequential([
    keras.Input(shape=(2,)),
{layers}])
model.compile(loss="binary_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate={float(cfg.learning_rate)!r}), metrics=["accuracy"])
model.fit(x, y, epochs={cfg.epochs}, batch_size=4, verbose=0)  # full batch, as on this page
print(model.predict(x, verbose=0).round(3), model.evaluate(x, y, verbose=0))
{manual}"""
