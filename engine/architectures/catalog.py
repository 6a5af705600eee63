"""The seven architectures of the page: how each is built in Keras and what was published about it.

LeNet-5 and AlexNet are written with Keras layers (``keras.applications`` has neither); the
other five come from ``keras.applications`` with ``weights=None``: the architecture only,
randomly initialised, never a download. Published figures (parameters, multiply-adds,
ImageNet accuracy of the pretrained weights) are typed here with their source; the tests
check every one against what Keras builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Bytes per float32 weight: a weights file is about ``4 x parameters`` bytes.
BYTES_PER_WEIGHT = 4


@dataclass(frozen=True)
class Architecture:
    """One model of the page.

    Attributes:
        key: the URL value.
        title: display name.
        year: the paper's year.
        builder: ``keras.applications`` function name, or "" for the ones written here.
        paper: short citation.
        url: the paper.
        idea: what it introduced, one line.
        published_params: the parameter count the paper / Keras docs give (None: not published).
        published_macs: published multiply-adds per image (None: not published) and its source.
        imagenet_top1: Keras docs' top-1 accuracy of the pretrained weights (None: not in Keras).
    """

    key: str
    title: str
    year: int
    builder: str
    paper: str
    url: str
    idea: str
    published_params: int | None = None
    published_macs: float | None = None
    macs_source: str = ""
    imagenet_top1: float | None = None
    imagenet_top5: float | None = None


KERAS_DOCS = "https://keras.io/api/applications/"

ARCHITECTURES: dict[str, Architecture] = {
    a.key: a
    for a in (
        Architecture(
            "lenet5",
            "LeNet-5",
            1998,
            "",
            "LeCun, Bottou, Bengio, Haffner: Gradient-based learning applied to document recognition, "
            "Proc. IEEE 86(11), 1998",
            "http://yann.lecun.com/exdb/publis/pdf/lecun-01a.pdf",
            "convolution + subsampling + fully connected, trained end to end by backprop (digits)",
        ),
        Architecture(
            "alexnet",
            "AlexNet",
            2012,
            "",
            "Krizhevsky, Sutskever, Hinton: ImageNet classification with deep convolutional neural "
            "networks, NIPS 2012",
            "https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks",
            "ReLU, dropout, data augmentation and two GPUs: won ILSVRC 2012 by a wide margin",
            published_params=60_965_224,
        ),
        Architecture(
            "vgg16",
            "VGG16",
            2014,
            "VGG16",
            "Simonyan, Zisserman: Very deep convolutional networks for large-scale image "
            "recognition, ICLR 2015",
            "https://arxiv.org/abs/1409.1556",
            "only 3x3 convolutions, stacked deep (16 weight layers); 2nd in ILSVRC 2014",
            published_params=138_357_544,
            published_macs=15.5e9,
            macs_source="Canziani, Paszke, Culurciello: An analysis of deep neural network models for "
            "practical applications, arXiv:1605.07678 (15.5 G)",
            imagenet_top1=0.713,
            imagenet_top5=0.901,
        ),
        Architecture(
            "resnet50",
            "ResNet50",
            2015,
            "ResNet50",
            "He, Zhang, Ren, Sun: Deep residual learning for image recognition, CVPR 2016",
            "https://arxiv.org/abs/1512.03385",
            "residual connections (y = F(x) + x) make 50-152 layers trainable; won ILSVRC 2015",
            published_params=25_636_712,
            published_macs=3.8e9,
            macs_source="He et al. 2016, Table 1: 3.8 x 10^9 FLOPs (multiply-adds)",
            imagenet_top1=0.749,
            imagenet_top5=0.921,
        ),
        Architecture(
            "inceptionv3",
            "InceptionV3",
            2015,
            "InceptionV3",
            "Szegedy, Vanhoucke, Ioffe, Shlens, Wojna: Rethinking the Inception architecture for "
            "computer vision, CVPR 2016",
            "https://arxiv.org/abs/1512.00567",
            "inception modules: parallel 1x1, 3x3 (factorised), 5x5 and pooling branches, concatenated",
            published_params=23_851_784,
            published_macs=5.0e9,
            macs_source="Szegedy et al. 2016, Section 1: about 5 billion multiply-adds",
            imagenet_top1=0.779,
            imagenet_top5=0.937,
        ),
        Architecture(
            "xception",
            "Xception",
            2017,
            "Xception",
            "Chollet: Xception: deep learning with depthwise separable convolutions, CVPR 2017",
            "https://arxiv.org/abs/1610.02357",
            "inception taken to the extreme: depthwise separable convolutions with residual connections",
            published_params=22_910_480,
            imagenet_top1=0.790,
            imagenet_top5=0.945,
        ),
        Architecture(
            "mobilenetv2",
            "MobileNetV2",
            2018,
            "MobileNetV2",
            "Sandler, Howard, Zhu, Zhmoginov, Chen: MobileNetV2: inverted residuals and linear "
            "bottlenecks, CVPR 2018",
            "https://arxiv.org/abs/1801.04381",
            "inverted residual blocks (expand 1x1, depthwise 3x3, project 1x1) for phones",
            published_params=3_538_984,
            published_macs=300e6,
            macs_source="Sandler et al. 2018, Table 4: 300M multiply-adds",
            imagenet_top1=0.713,
            imagenet_top5=0.901,
        ),
    )
}


def lenet5(keras: Any):
    """LeNet-5 (LeCun et al. 1998) in Keras layers: 32x32x1 in, tanh, average pooling, 10 classes.

    C3 is fully connected to S2's six maps (the paper's sparse connection table is left out),
    and F6 is a plain dense layer (the paper's RBF output is a softmax here).
    """
    layers = keras.layers
    inputs = keras.Input((32, 32, 1), name="input")
    x = layers.Conv2D(6, 5, activation="tanh", name="c1_conv")(inputs)
    x = layers.AveragePooling2D(2, name="s2_pool")(x)
    x = layers.Conv2D(16, 5, activation="tanh", name="c3_conv")(x)
    x = layers.AveragePooling2D(2, name="s4_pool")(x)
    x = layers.Conv2D(120, 5, activation="tanh", name="c5_conv")(x)
    x = layers.Flatten(name="c5_flatten")(x)
    x = layers.Dense(84, activation="tanh", name="f6_dense")(x)
    outputs = layers.Dense(10, activation="softmax", name="output_dense")(x)
    return keras.Model(inputs, outputs, name="lenet5")


def alexnet(keras: Any):
    """AlexNet (Krizhevsky et al. 2012) in Keras layers, on one device.

    227x227x3 in (the paper's 224 does not give its 55x55 maps); the two-GPU split of conv2,
    conv4 and conv5 (``groups=2``) and local response normalisation are left out, so it has
    62,378,344 parameters instead of the original's 60,965,224 (:func:`alexnet_grouped_params`).
    """
    layers = keras.layers
    inputs = keras.Input((227, 227, 3), name="input")
    x = layers.Conv2D(96, 11, strides=4, activation="relu", name="conv1")(inputs)
    x = layers.MaxPooling2D(3, strides=2, name="conv1_pool")(x)
    x = layers.Conv2D(256, 5, padding="same", activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D(3, strides=2, name="conv2_pool")(x)
    x = layers.Conv2D(384, 3, padding="same", activation="relu", name="conv3")(x)
    x = layers.Conv2D(384, 3, padding="same", activation="relu", name="conv4")(x)
    x = layers.Conv2D(256, 3, padding="same", activation="relu", name="conv5")(x)
    x = layers.MaxPooling2D(3, strides=2, name="conv5_pool")(x)
    x = layers.Flatten(name="fc6_flatten")(x)
    x = layers.Dense(4096, activation="relu", name="fc6")(x)
    x = layers.Dropout(0.5, name="fc6_dropout")(x)
    x = layers.Dense(4096, activation="relu", name="fc7")(x)
    x = layers.Dropout(0.5, name="fc7_dropout")(x)
    outputs = layers.Dense(1000, activation="softmax", name="fc8")(x)
    return keras.Model(inputs, outputs, name="alexnet")


def build(key: str, keras: Any):
    """The Keras model for ``key`` (random weights; ``keras.applications`` with ``weights=None``)."""
    arch = ARCHITECTURES[key]
    if key == "lenet5":
        return lenet5(keras)
    if key == "alexnet":
        return alexnet(keras)
    return getattr(keras.applications, arch.builder)(weights=None)


def build_call(key: str, weights: str = "None") -> str:
    """The Python call that builds ``key`` (for the page's code and text)."""
    arch = ARCHITECTURES[key]
    if not arch.builder:
        return ""
    return f"keras.applications.{arch.builder}(weights={weights})"
