"""The page's experiment as plain Keras code a learner can copy and run (``model.fit``)."""

from __future__ import annotations

from engine.transfer.config import TransferConfig
from engine.transfer.models import CUT_INDEX


def keras_code(cfg: TransferConfig) -> str:
    """Frozen base + new head, then fine-tuning, on the demo task with ``cfg``'s settings."""
    head = f'    keras.layers.Dense({cfg.head_units}, activation="relu"),\n' if cfg.head_units else ""
    flatten = "" if cfg.cut == "dense" else "    keras.layers.Flatten(),\n"
    finetune_epochs = max(1, cfg.epochs - cfg.warmup)
    return f"""import keras

from engine.mnist.recognizer import MODEL_PATH  # this app's bundled digit recognizer
from engine.transfer.data import demo_task  # the generated demo shapes

task = demo_task(classes={cfg.classes}, per_class={cfg.per_class}, seed={cfg.data_seed})
x, y = task.x_train[..., None], task.y_train  # (n, 28, 28, 1) in [0, 1], labels 0..k-1
x_val, y_val = task.x_val[..., None], task.y_val
print(task.class_names)

keras.utils.set_random_seed({cfg.seed})
recognizer = keras.models.load_model(MODEL_PATH, compile=False)
base = keras.Sequential([keras.Input((28, 28, 1))] + recognizer.layers[:{CUT_INDEX[cfg.cut]}])
base.trainable = False  # freeze the pretrained base: only the new head trains
model = keras.Sequential([
    keras.Input((28, 28, 1)),
    base,
{flatten}{head}    keras.layers.Dense(len(task.class_names), activation="softmax"),
])
model.compile(keras.optimizers.Adam({cfg.learning_rate:g}), "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs={max(1, cfg.warmup)}, batch_size={cfg.batch_size}, validation_data=(x_val, y_val))

# Fine-tuning: unfreeze the base (batch normalisation stays in inference mode), small learning rate
base.trainable = True
for layer in base.layers:
    if isinstance(layer, keras.layers.BatchNormalization):
        layer.trainable = False
model.compile(keras.optimizers.Adam({cfg.finetune_lr:g}), "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs={finetune_epochs}, batch_size={cfg.batch_size}, validation_data=(x_val, y_val))
print(model.evaluate(x_val, y_val, verbose=0))
"""


def folder_code(cfg: TransferConfig) -> str:
    """Reading your own folder of class folders, as the page reads a zip."""
    return f"""# Fragment, needs model: your own images, one folder per class (shapes/check/1.png, shapes/circle/1.png...)
import keras

train = keras.utils.image_dataset_from_directory(
    "shapes", color_mode="grayscale", image_size=(28, 28), batch_size={cfg.batch_size},
    validation_split=0.25, subset="training", seed={cfg.data_seed},
)
print(train.class_names)  # the folder names, sorted: the order of the model's outputs
train = train.map(lambda images, labels: (images / 255.0, labels))  # white ink on black, like MNIST
model.fit(train, epochs={cfg.epochs})
"""
