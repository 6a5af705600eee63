"""Page config and the sectioned navigation over ``pages/`` (run by ``app.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

FAVICON = Path(__file__).resolve().parent.parent / "assets" / "favicon.png"


@dataclass(frozen=True)
class TopicPage:
    """One page of the playground, as listed in the navigation and on the home page."""

    path: str
    title: str
    icon: str
    section: str
    blurb: str

    @property
    def slug(self) -> str:
        """The page's file name without ``.py`` (its URL path)."""
        return Path(self.path).stem

    @property
    def prefix(self) -> str:
        """The page's session-state prefix: every key of its widgets and config starts with it."""
        return f"{self.slug}-"


HOME = TopicPage("pages/home.py", "Home", ":material/home:", "", "What this playground is and how to use it.")
COURSE_MAP = TopicPage(
    "pages/course_map.py",
    "Course map",
    ":material/map:",
    "",
    "The course's five slide decks, topic by topic in the slides' order, each linked to the page "
    "and preset that teaches it.",
)
INSTRUCTOR = TopicPage(
    "pages/instructor.py",
    "Instructor",
    ":material/monitoring:",
    "",
    "For the person running the class: the server's sessions, runs, frames and memory, live, per replica.",
)
TOPICS: tuple[TopicPage, ...] = (
    TopicPage(
        "pages/gradient_descent.py",
        "Gradient descent",
        ":material/trending_down:",
        "Basics",
        "Walk down the slides' parabola step by step: learning rate too small, just right, "
        "too big and diverging, with the update written out in numbers.",
    ),
    TopicPage(
        "pages/linear_regression.py",
        "Linear regression",
        ":material/show_chart:",
        "Basics",
        "Fit a line by hand and by gradient descent (batch, mini-batch, stochastic) on the loss "
        "surface; the normal equation; feature scaling on multivariate house prices.",
    ),
    TopicPage(
        "pages/logistic_regression.py",
        "Logistic regression",
        ":material/call_split:",
        "Basics",
        "Sigmoid and cross-entropy, why not a line or MSE for classes, a moving decision "
        "boundary on exam scores, thresholds, confusion matrix, one-vs-rest vs softmax.",
    ),
    TopicPage(
        "pages/hello_tensorflow.py",
        "Hello TensorFlow: a single neuron",
        ":material/neurology:",
        "Basics",
        "The slides' first Keras model live: one Dense(1) neuron learns y = 2x + 1 and house prices "
        "with SGD, its line, w, b and loss moving epoch by epoch, and predicts inputs it never saw.",
    ),
    TopicPage(
        "pages/logic_gates.py",
        "Logic gates with one neuron",
        ":material/memory:",
        "Basics",
        "AND, OR and NAND from one sigmoid neuron (the slides' -30/20/20 weights, or trained), and "
        "why XOR needs a hidden layer: each neuron's line drawn over the four inputs.",
    ),
    TopicPage(
        "pages/playground.py",
        "Neural network playground",
        ":material/hub:",
        "Neural networks",
        "Train a small network on 2-D data live: layers, neurons, activations, "
        "learning rate, optimizers, regularization, and every neuron's view of the data.",
    ),
    TopicPage(
        "pages/activations.py",
        "Activation functions",
        ":material/ssid_chart:",
        "Neural networks",
        "Sigmoid, tanh, ReLU, leaky ReLU, ELU, softplus, swish: each function and its slope with "
        "saturation shaded, vanishing gradients through N layers, and why deep linear layers collapse.",
    ),
    TopicPage(
        "pages/backprop.py",
        "Backpropagation, node by node",
        ":material/account_tree:",
        "Neural networks",
        "A computational graph stepped forward and backward: each local derivative and chain-rule "
        "product in numbers, then the update and the loss dropping (the slides' three examples).",
    ),
    TopicPage(
        "pages/softmax.py",
        "Softmax and cross-entropy",
        ":material/percent:",
        "Neural networks",
        "Logits to exponentials to probabilities (the slides' table), temperature, the loss and its "
        "gradient p - y, sparse vs one-hot labels, and why two classes need just one sigmoid.",
    ),
    TopicPage(
        "pages/optimizer_race.py",
        "Optimizer race",
        ":material/sports_score:",
        "Neural networks",
        "GD, SGD, mini-batch, momentum, Nesterov, Adagrad, Adadelta, RMSprop and Adam released "
        "together on a loss surface, racing live, each update rule shown with its live state.",
    ),
    TopicPage(
        "pages/convolution.py",
        "Convolution, step by step",
        ":material/grid_on:",
        "Convolutional networks",
        "The slides' 5x5x3 input and two 3x3x3 filters animated cell by cell: window, products, "
        "running sum and bias; padding, stride and dilation with the output-size formula.",
    ),
    TopicPage(
        "pages/image_kernels.py",
        "Kernels on real images",
        ":material/filter:",
        "Convolutional networks",
        "The slides' 'Photoshop filters' on photos or your upload: sharpen, blur, edges, Sobel, "
        "emboss; edit the kernel grid and see the output and its value scale at once.",
    ),
    TopicPage(
        "pages/pooling.py",
        "Pooling",
        ":material/compress:",
        "Convolutional networks",
        "Max and average pooling side by side on the slides' 4x4 example (which cell won) and "
        "on a photo (how much smaller it gets); pool size, stride and padding.",
    ),
    TopicPage(
        "pages/cnn_shapes.py",
        "CNN shapes",
        ":material/stacked_bar_chart:",
        "Convolutional networks",
        "From image to classifier: the slides' MNIST CNN layer by layer, each output shape and "
        "parameter count explained, editable, and checked against Keras's model.summary().",
    ),
    TopicPage(
        "pages/architectures.py",
        "Famous CNN architectures",
        ":material/account_balance:",
        "Convolutional networks",
        "LeNet-5, AlexNet, VGG16, ResNet50, InceptionV3, Xception and MobileNetV2 built in Keras: "
        "parameters and multiply-adds, residual, inception and depthwise blocks, and ILSVRC by year.",
    ),
    TopicPage(
        "pages/knn.py",
        "k-nearest neighbours",
        ":material/scatter_plot:",
        "Classical ML",
        "No training needed: the plane coloured by the vote of the k nearest points, k chosen by "
        "k-fold cross-validation, and the loops-vs-vectorized distance lesson timed live.",
    ),
    TopicPage(
        "pages/svm.py",
        "SVM and the kernel trick",
        ":material/linear_scale:",
        "Classical ML",
        "Linear, polynomial and RBF support vector machines: the margin, the support vectors, C and "
        "gamma, and circle/XOR data lifted to 3-D where a plane separates them.",
    ),
    TopicPage(
        "pages/kmeans.py",
        "k-means and clustering",
        ":material/bubble_chart:",
        "Classical ML",
        "k-means step by step (assign, update) from random, k-means++ or clicked centroids; inertia, "
        "the elbow and silhouette plots, a bad start, and Gaussian mixtures beside it.",
    ),
    TopicPage(
        "pages/generalization.py",
        "Generalization",
        ":material/balance:",
        "ML workflow",
        "Under- and overfitting with polynomial degree, train/validation/test splits, k-fold drawn "
        "fold by fold, L2 and early stopping, imbalanced classes, and one-hot encoding.",
    ),
    TopicPage(
        "pages/notebook_to_app.py",
        "From notebook to app",
        ":material/rocket_launch:",
        "ML workflow",
        "The slides' admissions example end to end: a scaler fitted on the training split only (and "
        "the leak when it is not), save and load model and scaler safely, and a form that predicts.",
    ),
    TopicPage(
        "pages/mnist_lab.py",
        "MNIST lab",
        ":material/model_training:",
        "Digits (MNIST)",
        "Browse the digits, train the slides' dense network and CNNs live (sigmoid vs ReLU, SGD vs "
        "Adam, no normalization), then read the confusion matrix, mistakes, filters and feature maps.",
    ),
    TopicPage(
        "pages/draw_digit.py",
        "Draw a digit",
        ":material/draw:",
        "Digits (MNIST)",
        "Draw a digit and watch a CNN read it: MNIST-style preprocessing to 28x28, the probabilities, "
        "and the drawing's path through every layer.",
    ),
    TopicPage(
        "pages/rnn_forecast.py",
        "Recurrent networks on a time series",
        ":material/timeline:",
        "Sequences",
        "SimpleRNN, LSTM and GRU trained side by side on sine waves, a damped oscillator and real "
        "weekly stock prices: loss curves, one-step predictions and a forecast rolled from its own outputs.",
    ),
    TopicPage(
        "pages/rnn_cell.py",
        "Inside a recurrent cell",
        ":material/cyclone:",
        "Sequences",
        "An RNN unrolled step by step with its hidden state in numbers, LSTM and GRU gates, and "
        "backpropagation through time: gradients vanishing, exploding, clipped, kept by the cell.",
    ),
    TopicPage(
        "pages/char_rnn.py",
        "Character-level text model",
        ":material/text_fields:",
        "Sequences",
        "A small LSTM/GRU learns to write, live, from Python's own documentation or your text: "
        "samples at several temperatures, next-character probabilities and perplexity.",
    ),
    TopicPage(
        "pages/attention.py",
        "Attention",
        ":material/visibility:",
        "Sequences",
        "An encoder-decoder with and without attention on a toy sequence task: the attention "
        "matrix learning to align, live, and accuracy against sequence length.",
    ),
    TopicPage(
        "pages/vae.py",
        "Variational autoencoder",
        ":material/blur_on:",
        "Generative and transfer",
        "A VAE with a 2-D latent space trained live on digits: latent scatter, reconstruction and "
        "KL curves, decode any point you click, interpolate, beta-VAE vs a plain autoencoder.",
    ),
    TopicPage(
        "pages/transfer_learning.py",
        "Transfer learning on your images",
        ":material/move_up:",
        "Generative and transfer",
        "Draw or upload a few images of your own classes and reuse the digit recognizer: from "
        "scratch vs frozen base + new head vs fine-tuning, side by side, then predict.",
    ),
    TopicPage(
        "pages/gan.py",
        "A GAN on 2-D data",
        ":material/compare_arrows:",
        "Generative and transfer",
        "A generator and a discriminator trained live on rings, moons and Gaussian grids: real vs "
        "fake samples, the decision surface, the generator's gradients, and mode collapse.",
    ),
)


#: The pages outside the topic sections (plain links in the top bar), then every topic page.
LINKS: tuple[TopicPage, ...] = (HOME, COURSE_MAP, INSTRUCTOR)
ALL_PAGES: tuple[TopicPage, ...] = (*LINKS, *TOPICS)


def page_for(script: str) -> TopicPage:
    """The registry entry of a page script (its ``__file__`` or ``pages/<name>.py``)."""
    stem = Path(script).stem
    for page in ALL_PAGES:
        if page.slug == stem:
            return page
    raise KeyError(f"{script} is not in ui.navigation.TOPICS")


def run_navigation() -> None:
    """Set the page config and run the selected page."""
    from ui import presenter  # presenter mode: the plot theme, ?present=1, its toggle and CSS

    st.set_page_config(
        page_title="ML Playground",
        page_icon=str(FAVICON),
        layout="wide",
        initial_sidebar_state=presenter.start(),
    )
    # Home is a plain link (no "Start" menu holding one page); each section is a menu.
    from ui.access import instructor_enabled

    # The Instructor link shows only where an instructor password is set (the page itself, at
    # /instructor, always answers: it says how to turn it on).
    hidden = set() if instructor_enabled() else {INSTRUCTOR}
    sections: dict[str, list] = {
        "": [
            st.Page(
                p.path,
                title=p.title,
                icon=p.icon,
                default=p is HOME,
                visibility="hidden" if p in hidden else "visible",
            )
            for p in LINKS
        ]
    }
    for page in TOPICS:
        sections.setdefault(page.section, []).append(st.Page(page.path, title=page.title, icon=page.icon))
    from ui.access import gate  # the class password / OIDC login: until passed, only its form shows

    gate(sections)
    from ui.copy_link import copy_link_button  # "Copy link" at the top right of every page

    copy_link_button()
    st.navigation(sections, position="top").run()
