"""The course's five slide decks, topic by topic in the slides' order (the course map's data).

Read from the decks' text; each topic names the page that teaches it (``None``: no page yet),
optionally the preset or URL query that opens the experiment, and one line of what the slides
say. Slides that are not a topic (who is speaking, agendas, thanks, reading lists) are left out.
``tests/engine/test_course_syllabus.py`` checks every page, preset and query against the app.
"""

from __future__ import annotations

from engine.course.syllabus import Deck, Topic

T = Topic

BOOTCAMP = Deck(
    "Machine Learning Bootcamp",
    "Bootcamp",
    "DRCFS (Data Research Council for Students) and Mercantile Cloud",
    (
        T(
            "What is Machine Learning",
            "Machine learning is like the fish of a big pond learning when food comes.",
        ),
        T("Life cycle of any machine learning project", "From the problem and the data to a deployed model."),
        T("Types of machine learning algos", "Supervised, unsupervised and reinforcement learning."),
        T(
            "Supervised Machine learning",
            "The fish learn that a hand gesture means food: a model learns from labelled data.",
        ),
        T(
            "Linear Regression",
            "Predict a balloon's height from its weight; Y = mx + b, or Y = w·x + b for many variables.",
            "linear_regression",
            query={"data": "balloon"},
        ),
        T(
            "How to find the best w and b",
            "Start with random w and b, measure the loss, update towards its minimum, repeat until convergence.",
            "linear_regression",
        ),
        T(
            "What is loss function?",
            "How far the predictions are from the truth; MSE = (1/n) Σ (y − ŷ)² for regression.",
            "linear_regression",
        ),
        T(
            "Gradient Descent",
            "Step against the gradient of the loss, one parameter at a time, down the steepest slope.",
            "gradient_descent",
            "Just right",
        ),
        T(
            "Gradient descent mathematically",
            "∂/∂m = (2/N) Σ −x(y − (mx + b)) and ∂/∂b = (2/N) Σ −(y − (mx + b)).",
            "linear_regression",
            "Batch gradient descent",
        ),
        T(
            "But what if the labels are 0 or 1?",
            "A tumour is malignant or benign: the labels are classes, not a growing number.",
            "logistic_regression",
        ),
        T(
            "Linear Regression vs Logistic Regression",
            "A line's output is unbounded; the sigmoid squeezes it into a probability between 0 and 1.",
            "logistic_regression",
            "Add the 23 cm tumor",
        ),
        T(
            "Loss function in logistic regression",
            "Binary cross-entropy: −mean(Y log Ŷ + (1 − Y) log(1 − Ŷ)).",
            "logistic_regression",
            "Slow learner",
        ),
        T(
            "Gradient Descent in BCE",
            "The chain rule through the sigmoid gives the gradient Xᵀ(z − y).",
            "backprop",
            "BCE, SGD on d₁ then d₂ (lr 0.01)",
        ),
        T(
            "Unsupervised Machine Learning",
            "No labels: discover patterns, structures and relationships in the data.",
            "kmeans",
        ),
        T(
            "Clustering Algorithm",
            "Group similar points together; the clusters come from the data, not from labels.",
            "kmeans",
            "Choose k: elbow and silhouette",
        ),
        T(
            "What is feature engineering?",
            "Prepare and transform the inputs (new features, encodings) so the model performs better.",
            "playground",
            "…until you add the feature X₁X₂",
        ),
        T(
            "Convolution demo (input volume, filters W0 and W1)",
            "A 7×7×3 padded input, two 3×3×3 filters and their biases give a 3×3×2 output.",
            "convolution",
            "The slides' example",
        ),
        T(
            "Convolutional Layers",
            "Filters slide over the input to extract features, with local receptive fields and shared weights.",
            "image_kernels",
        ),
        T(
            "What is CNN?",
            "Convolutional layers extract features, pooling layers shrink them, dense layers classify.",
            "cnn_shapes",
        ),
        T(
            "Padding",
            "A ring of zeros around the image; the sharpen kernel (5 in the centre, −1 around) gives 114.",
            "convolution",
            "Sharpen (slides 000)",
        ),
        T(
            "ImageNet",
            "The ImageNet challenge (ILSVRC) that the famous architectures competed in.",
            "architectures",
        ),
        T("LeNet", "LeCun's 1998 network for handwritten digits.", "architectures", "LeNet-5 (1998)"),
        T(
            "AlexNet",
            "The 2012 ImageNet winner that started the deep-learning boom.",
            "architectures",
            query={"m": "alexnet"},
        ),
        T(
            "ResNet50",
            "Residual connections let a 50-layer network train.",
            "architectures",
            "ResNet50: a residual block",
        ),
        T(
            "Inception",
            "Parallel 1×1, 3×3 and 5×5 branches whose outputs are stacked.",
            "architectures",
            "InceptionV3: an inception module",
        ),
        T(
            "Xception",
            "Depthwise-separable convolutions on a 299 × 299 × 3 input.",
            "architectures",
            "Xception: separable convolutions",
        ),
        T(
            "Machine Learning Operations (MLOps)",
            "Requirements, data, features, training, evaluation, deployment, CI/CD and monitoring.",
        ),
        T("Docker", "Containers package an application with its libraries; lighter than virtual machines."),
    ),
)

PYTHON = Deck(
    "Machine Learning with python",
    "ML with Python",
    "Falak Shah (Infocusp Innovations), MNIT Jaipur",
    (
        T(
            "Machine Learning",
            "The science of getting computers to act without being explicitly programmed.",
        ),
        T(
            "Supervised Learning",
            "Inputs with correct output labels, e.g. house area (ft²) → price: 1210 → 234, 1450 → 266.",
            "linear_regression",
        ),
        T(
            "Unsupervised Learning",
            "No labels: patterns and clusters come from the data, e.g. grouping news stories.",
            "kmeans",
        ),
        T(
            "Semi-supervised Learning",
            "Predict the Gaussian distributions that generated the data: Expectation Maximization (EM).",
            "kmeans",
            "Stretched blobs: k-means vs mixture",
        ),
        T(
            "Reinforcement Learning",
            "An agent observes a state, acts by its policy and receives a reward.",
        ),
        T(
            "Regression and Classification problems",
            "Classify images into classes; predict a house price from its features.",
        ),
        T(
            "Linear Regression",
            "y = ax + b; minimise J = ½ Σ (y − (ax + b))² over a and b.",
            "linear_regression",
            "Batch gradient descent",
        ),
        T(
            "Gradient Descent Intuition",
            "Walk downhill on the loss, step by step.",
            "gradient_descent",
            "Just right",
        ),
        T(
            "Data and loss visualization",
            "The data with the fitted line beside the loss surface over the two parameters.",
            "linear_regression",
        ),
        T(
            "Classification: Simple approach",
            "k nearest neighbours: no training, vectorized 100x faster than loops, k chosen by k-fold accuracy.",
            "knn",
            "Let k-fold choose k",
        ),
        T(
            "Classification problem: Softmax Loss",
            "P_i = e^(t_i) / Σ e^(t_j); loss = −Σ y_i log P_i.",
            "softmax",
            "The slides' table",
        ),
        T(
            "Support Vector Machines",
            "The widest margin between the classes.",
            "svm",
            "Small C: a soft margin",
        ),
        T(
            "Kernels: to handle non linearly separable data",
            "Compute distances in a higher dimension; the RBF kernel maps to infinitely many.",
            "svm",
            "RBF: the kernel trick",
        ),
        T(
            "Depending on the complexity of function you fit",
            "Too simple underfits, too complex overfits.",
            "generalization",
            "Overfit: degree 15",
        ),
        T(
            "Artificial Neural Networks",
            "H = activation(WX + b), Y = activation(WH + b): non-linear hypotheses.",
            "playground",
        ),
        T("Activation Functions", "Sigmoid, tanh and ReLU.", "activations"),
        T(
            "Backpropagation Intuition",
            "Pass the loss back to every cell by its share of it: d = a + b, e = (a + b)·c.",
            "backprop",
            "e = (a + b)·c, from the start",
        ),
        T(
            "Back-prop Example",
            "The add gate passes the gradient on; the multiply gate swaps its inputs.",
            "backprop",
            "Add gate vs multiply gate",
        ),
        T(
            "Optimizers",
            "Different ways of taking steps down to the minimum of the loss.",
            "optimizer_race",
            "All nine on Beale's function",
        ),
        T(
            "Convolutional Neural Network",
            "Image classification and segmentation; train a CNN on MNIST in under 2 minutes.",
            "mnist_lab",
            "Slides' CNN (default)",
        ),
        T(
            "Recurrent Neural networks / LSTMs",
            "Variable-length sequences with dependencies across time, which a static ANN or CNN cannot capture.",
            "rnn_forecast",
        ),
        T(
            "Some interesting LSTM applications: stock trends prediction",
            "LSTMs forecast a price series.",
            "rnn_forecast",
            'Real stock prices vs "next = last"',
        ),
        T(
            "Some interesting LSTM applications: copying Shakespeare",
            "An LSTM learns to write text character by character.",
            "char_rnn",
            "LSTM instead of GRU",
        ),
        T("Attention based networks", "Proved effective for machine translation.", "attention"),
        T(
            "Validation",
            "Check that the model learns general concepts: cross-validation and untouched test sets.",
            "generalization",
            "k = 5",
        ),
        T(
            "Tips for data scientists",
            "Be algorithm agnostic, write good code, mind stability, make it replicable, read papers.",
        ),
        T(
            "RNN backprop",
            "h = tanh(W_hh h_prev + W_xh x); the loss flows back through every earlier step.",
            "rnn_cell",
            "Vanishing: tanh, small weights",
        ),
        T(
            "Softmax loss derivative",
            "∂loss/∂y_i = p_i for the wrong classes and p − 1 for the true one.",
            "softmax",
            "Confident and wrong",
        ),
        T(
            "Attention models",
            "e_ij = vᵀ tanh(W s + U h_j), α = softmax(e), context C_i = Σ α_ij h_j (Bahdanau).",
            "attention",
            query={"score": "additive"},
        ),
    ),
)

HUMANS = Deck(
    "Machine Learning for Humans",
    "ML for Humans",
    "Pratik Parmar, GDG Rajkot DevFest 2018",
    (
        T(
            "Artificial intelligence, machine learning, deep learning",
            "From the 1950s to the 2010s: training on many examples, then predicting.",
        ),
        T(
            "Basic Terminologies",
            "Features, labels, labelled and unlabelled examples, models for classification and regression.",
        ),
        T("Workflow (supervised)", "Data, training, model, prediction."),
        T("Scalar Vector Matrix Tensor", "0, 1, 2 and more dimensions of numbers."),
        T(
            "Neuron",
            "A simple estimation function: inputs times weights; house prices with four sets of weights.",
            "hello_tensorflow",
            "Your turn: house prices",
        ),
        T(
            "Neural Network: components",
            "Input layer x, hidden layer, output ŷ, weights and biases W and b, activation σ.",
            "playground",
        ),
        T(
            "Working: TensorFlow Playground",
            "Watch a network learn on 2-D data.",
            "playground",
            "Spiral needs depth",
        ),
        T("Activation Function", "Sigmoid 1/(1 + e^(−t)) and ReLU max(0, t).", "activations"),
        T(
            "Why activation function?",
            "Without one, layers stay linear; with one, the boundary can bend.",
            "activations",
            "Circle, 3 linear layers",
        ),
        T(
            "Problems with sigmoids",
            "Sigmoids saturate and kill gradients, slow convergence, are not zero-centred: OK on the last layer.",
            "activations",
            "Saturated sigmoid",
        ),
        T(
            "Feedforward",
            "ŷ = σ(W₂ σ(W₁x + b₁) + b₂), in numpy.",
            "backprop",
            query={"ex": "mlp"},
        ),
        T(
            "Backpropagation",
            "Sum of squares loss; chain rule: 2(y − ŷ) · z(1 − z) · x updates each weight.",
            "backprop",
            "2-2-1 network: the sigmoid's toll",
        ),
        T(
            "Gradient Descent Algorithm",
            "Repeat: step each weight against its derivative.",
            "gradient_descent",
        ),
        T(
            "Keras Basic: Sequential Model",
            "model.add(Dense(...)), compile with a loss and optimizer, fit, evaluate.",
            "mnist_lab",
            "Slides' dense network",
        ),
        T(
            "WTH is Softmax?",
            "A multi-class sigmoid: σ(z)_j = e^(z_j) / Σ e^(z_k).",
            "softmax",
            "The slides' table",
        ),
        T(
            "Epoch & Batch size",
            "One epoch: every training sample once; the batch size: samples per update.",
            "linear_regression",
            "Mini-batch of 2",
        ),
        T("MNIST", "Handwritten digit classification with a CNN.", "mnist_lab"),
        T(
            "Convolution",
            "A 3×3 X-shaped kernel slides over a binary image: the convolved feature.",
            "convolution",
            "X-shaped kernel (slides 002)",
        ),
        T(
            "MaxPooling",
            "Each 2×2 window keeps its largest number: 7, 9, 8, 4.",
            "pooling",
            "The slides' 4x4 example",
        ),
        T(
            "Convolutional Neural Network (CNN)",
            "Conv 32 → conv 64 → max-pool → dropout → flatten → dense 128 → softmax.",
            "cnn_shapes",
            "Slides 002: mnist_cnn.py",
        ),
        T(
            "Preprocess Input Data",
            "Reshape, convert to float32, normalize to the range [0, 1].",
            "mnist_lab",
            "No normalization",
        ),
        T(
            "One Hot Encoder",
            "Red, yellow, green become the columns 1 0 0, 0 1 0, 0 0 1.",
            "generalization",
            query={"s": "onehot", "table": "color"},
        ),
        T(
            "Preprocess Class Labels",
            "keras.utils.to_categorical turns digit labels into one-hot rows.",
            "softmax",
        ),
        T(
            "Model Architecture",
            "The Keras CNN with Dropout(0.25) and Dropout(0.5), then model.summary().",
            "mnist_lab",
            "Deep CNN with dropout (deck 002)",
        ),
        T(
            "Overfitting",
            "Underfitting, desired, overfitting.",
            "playground",
            "Overfitting: few noisy points, a big network",
        ),
        T(
            "Deploy",
            "Serve the model: REST API, TensorFlow Serving, TensorFlow Extended (TFX).",
            "notebook_to_app",
        ),
    ),
)

WORKSHOP = Deck(
    "The power of a single neuron, then more neurons (TensorFlow workshop, days 1 and 2)",
    "TensorFlow",
    "A two-day hands-on workshop with TensorFlow and Keras",
    (
        T(
            "Machine Learning: a new paradigm",
            "Rules + data → answers becomes data + answers → rules (Arthur Samuel, Tom Mitchell).",
        ),
        T(
            "Regression vs Classification",
            "What temperature tomorrow (a number) vs cold or hot (a class).",
        ),
        T(
            "Binary vs Multi-class Classification",
            "One-vs-all (one-vs-rest): one binary classifier per class.",
            "logistic_regression",
            "Overlapping blobs",
        ),
        T(
            "Artificial Neurons and Neural Networks",
            "Input, hidden and output layers of neurons.",
            "playground",
        ),
        T(
            "Jupyter Notebooks and Colab",
            "Text, equations, code and graphs side by side; free GPUs on Google Colab.",
        ),
        T(
            "Garbage-in, garbage-out",
            "Real-world data needs cleaning and preprocessing: most of a data scientist's time.",
        ),
        T("Hello NumPy", "n-dimensional arrays, slicing, linear algebra routines."),
        T(
            "How To Speed Up Your Loop",
            "Vectorize: matrix operations run in parallel where a Python for-loop runs one step at a time.",
            "knn",
        ),
        T(
            "Hello TensorFlow",
            "One Dense(1) neuron learns y = 2x + 1 with SGD(learning_rate=0.02) in 500 epochs.",
            "hello_tensorflow",
            "The slides' run",
        ),
        T(
            "The Power of a Single Neuron",
            "y = w₁x₁ + w₀ is y = mx + b: one neuron approximates a line.",
            "linear_regression",
            query={"data": "house8"},
        ),
        T(
            "Loss functions: Mean-square error",
            "MSE = (1/m) Σ (y − ŷ)²; vectorized: (1/m)(Xw − y)ᵀ(Xw − y).",
            "linear_regression",
            query={"data": "house8"},
        ),
        T(
            "Gradient Descent",
            "On y = 2(x − 5)² + 3 with learning rate 0.1, x reaches 5.",
            "gradient_descent",
            "Just right",
        ),
        T(
            "Gradient Descent Learning rate",
            "Too small converges very slowly; too big overshoots and even diverges.",
            "gradient_descent",
            "Far too big: diverges",
        ),
        T(
            "Stochastic Gradient Descent (SGD)",
            "Update from one example at a time instead of the whole batch.",
            "linear_regression",
            "Stochastic (one row per update)",
        ),
        T(
            "You do it: house prices",
            "Replace y = 2x + 1 with the house prices and predict 8 m² and 12 m².",
            "hello_tensorflow",
            "Your turn: house prices",
        ),
        T(
            "Feature Scaling",
            "Features on very different ranges make gradient descent zig-zag; scale them first.",
            "linear_regression",
            "No feature scaling: raw square feet",
        ),
        T(
            "Feature Normalization",
            "Min-max scaling: (X − X_min) / (X_max − X_min) maps each column to [0, 1].",
            "linear_regression",
            query={"mv_scaling": "minmax"},
        ),
        T(
            "Classification",
            "Spam or not, fraud or not, malignant or benign: label 1 is the positive class.",
            "logistic_regression",
        ),
        T(
            "Can we use linear regression for classification?",
            "Add a 23 cm tumour and the line's 0.5 cut moves: two malignant tumours become benign.",
            "logistic_regression",
            "Add the 23 cm tumor",
        ),
        T(
            "Activation Functions: Sigmoid",
            "σ(z) = 1/(1 + e^(−z)), read as the probability that y = 1.",
            "activations",
        ),
        T(
            "Loss: MSE still? Nope",
            "With a sigmoid, MSE is non-convex and barely punishes confident mistakes.",
            "logistic_regression",
        ),
        T(
            "Binary Cross Entropy Loss",
            "−y log ŷ − (1 − y) log(1 − ŷ): 0.36 at ŷ = 0.7, 13.8 at ŷ = 0.000001 for y = 1.",
            "logistic_regression",
            "Cautious admissions (threshold 0.8)",
        ),
        T(
            "Loading and Saving Models",
            "model.save('admission.h5') and joblib.dump of the fitted MinMaxScaler, then an admission app.",
            "notebook_to_app",
            "A typo in the test split",
        ),
        T(
            "Universal Approximation Theorem",
            "Some network approximates any function, given enough neurons.",
            "playground",
            "Spiral needs depth",
        ),
        T(
            "Boolean logic with one neuron: AND, NAND, OR",
            "Weights −30, 20, 20 make AND; 30, −20, −20 NAND; −10, 20, 20 OR.",
            "logic_gates",
            "AND (slides)",
        ),
        T(
            "XOR only achievable by using a hidden layer",
            "x₁ XOR x₂ = (x₁ OR x₂) AND (x₁ NAND x₂): two neurons, then one.",
            "logic_gates",
            "XOR: train the hidden layer",
        ),
        T(
            "Enhance your classifier using moar neurons",
            "Add hidden layers of 8 and 4 units: 99-100 % accuracy.",
            "playground",
            query={"net": "8,4"},
        ),
        T(
            "How about images?",
            "LeNet, AlexNet, ZFNet, GoogLeNet, VGG, ResNet: top-5 error and parameters by year.",
            "architectures",
        ),
        T(
            "MNIST",
            "60,000 training and 10,000 test digits of 28×28 pixels; a digit is its matrix.",
            "mnist_lab",
        ),
        T(
            "Train-test Split",
            "Test on data the model never saw: 80:20 or 90:10; MNIST comes split 6:1.",
            "generalization",
            query={"s": "split"},
        ),
        T(
            "ML Model Code",
            "Flatten → Dense(128, sigmoid) → Dense(10, softmax), SGD, 5 epochs: about 89 %.",
            "mnist_lab",
            "Slides' dense network",
        ),
        T(
            "Flatten Layer",
            "Turns each 28×28 image into one row of 784 inputs; what if you remove it?",
            "mnist_lab",
            "Remove Flatten",
        ),
        T(
            "Softmax",
            "Logits 2.33, −1.46, 0.56 → probabilities 0.838, 0.019, 0.143.",
            "softmax",
            "The slides' table",
        ),
        T(
            "Categorical and Sparse Categorical Cross Entropy",
            "One-hot labels use CCE, integer labels SCCE: the same loss −y ⊙ log(p).",
            "softmax",
            "Confident and wrong",
        ),
        T(
            "Handwritten Digits Recognition",
            "Predict with np.argmax; a demo reads your own (centred) handwriting.",
            "draw_digit",
        ),
        T(
            "Converge Faster with Adam",
            "A learning rate per weight, adapted as learning unfolds; swap SGD for Adam.",
            "mnist_lab",
            "SGD vs Adam: Adam",
        ),
        T(
            "So many optimizers",
            "GD, SGD, mini-batch, momentum, Nesterov, Adagrad, Adadelta, RMSprop and Adam.",
            "optimizer_race",
            "All nine on Beale's function",
        ),
        T(
            "Your turn: Fashion MNIST",
            "Ten kinds of clothing in 28×28 images: harder than digits (needs the Fashion-MNIST file).",
            "mnist_lab",
            query={"data": "fashion"},
        ),
        T(
            "Experiments",
            "Remove Flatten, try ReLU instead of sigmoid, Adam instead of SGD, more units, no normalization.",
            "mnist_lab",
            "Sigmoid vs ReLU: ReLU",
        ),
        T(
            "Backpropagation",
            "From the output back to each earlier layer: raise the weights that help, lower the others.",
            "backprop",
            "2-2-1 network: the sigmoid's toll",
        ),
        T(
            "Vanishing Gradient",
            "The sigmoid's slope is at most 0.25, so the first layers barely learn.",
            "activations",
            "Sigmoid, 10 layers",
        ),
        T(
            "Rectified Linear Unit (ReLU)",
            "max(0, z): cheaper, and its slope of 1 keeps gradients alive.",
            "activations",
            "ReLU, 30 layers",
        ),
        T(
            "Convolutional Neural Nets",
            "Convolutional layers highlight features, pooling layers shrink the image.",
            "cnn_shapes",
            "Slides 003: MNIST CNN",
        ),
        T(
            "Convolutional Layer Filters are like Photoshop Filters",
            "Soft blur, emboss, excessive sharpen, detect edges.",
            "image_kernels",
            "Excessive sharpen",
        ),
        T(
            "Convolution",
            "A 6×6 image and a 3×3 vertical-edge filter give a 4×4 output.",
            "convolution",
            "Vertical edges (slides 003)",
        ),
        T(
            "Sample filters",
            "Identity, edge detection, sharpen, box and Gaussian blur; a right Sobel keeps vertical lines.",
            "image_kernels",
            "Right Sobel + ReLU",
        ),
        T(
            "Pooling Layer",
            "Max or average of each 2×2 group: 224×224×64 becomes 112×112×64.",
            "pooling",
            "Pool a photo three times",
        ),
        T(
            "You do it: Conv2D and MaxPooling2D",
            "Conv 32 → pool → conv 32 → pool before Flatten and Dense.",
            "mnist_lab",
            "Slides' CNN (default)",
        ),
        T(
            "Time to graduate and use our own images",
            "Real pictures are off-centre, posed, noisy: train on folders of your own images.",
            "transfer_learning",
        ),
        T(
            "Using your own images: cats and dogs",
            "150×150×3 photos through three conv/pool blocks and a sigmoid output.",
            "cnn_shapes",
            "Slides 003: cats vs dogs",
        ),
    ),
)

INTRO = Deck(
    "Introduction to Machine Learning and Deep Learning (with PyTorch)",
    "Intro ML & DL",
    "A one-day course: theory with hands-on notebooks",
    (
        T(
            "What is Machine Learning?",
            "Algorithms that improve through experience and data; AI ⊃ machine learning ⊃ deep learning.",
        ),
        T(
            "Categories of Machine Learning",
            "Supervised (learn from labels), unsupervised (detect patterns), reinforcement (learn from mistakes).",
        ),
        T(
            "Neural Networks",
            "Use a (deep) neural network to approximate an unknown function; a binary classification task.",
            "playground",
        ),
        T(
            "Limitation of Linear Single-Layer Classifiers",
            "The XOR problem: no single line separates it.",
            "playground",
            "XOR without a hidden layer fails",
        ),
        T(
            "Kernel Trick",
            "The other fix: map the data into a higher-dimensional space.",
            "svm",
            "XOR: degree 2 and the x₁·x₂ lift",
        ),
        T(
            "House price prediction",
            "While optimizing, the network learns to encode a representation that maps input to output.",
            "hello_tensorflow",
            "Your turn: house prices",
        ),
        T(
            "Universal Approximation Theorem",
            "One hidden layer of sufficient size approximates any continuous function.",
            "playground",
            query={"data": "reg-gauss", "net": "8"},
        ),
        T(
            "Loss",
            "Compare the estimate ŷ with the ground truth y: L(W, b) = (1/N) Σ (y − ŷ)².",
            "playground",
            query={"data": "reg-plane"},
        ),
        T(
            "Training a Neural Network",
            "Change W and b down the gradient of the loss.",
            "gradient_descent",
            "Just right",
        ),
        T(
            "Overfitting",
            "The lowest loss is not the goal: stop early, use dropout, decay the weights.",
            "generalization",
            "Early stopping, restore best",
        ),
        T(
            "Forwards Propagation",
            "Each layer's output is the next layer's input.",
            "backprop",
            query={"ex": "mlp"},
        ),
        T(
            "Backwards Propagation",
            "The gradient of each layer by the chain rule: ∂L/∂ŷ · ∂ŷ/∂a · ∂a/∂w.",
            "backprop",
            "2-2-1 network: the sigmoid's toll",
        ),
        T(
            "Activation Functions",
            "Sigmoid, leaky ReLU, tanh, maxout, ReLU, ELU: many more, and we can design our own.",
            "activations",
            "All of them at once",
        ),
        T(
            "Commonly used loss functions",
            "MSE, MSLE, MAE; binary cross-entropy, hinge; multi-class cross-entropy, KL divergence.",
        ),
        T("Optimizers", "In what way should we change the weights?", "optimizer_race"),
        T("General Workflow of ML", "Know your data and your models well."),
        T(
            "Imbalanced Training set",
            "When one class is rare, accuracy misleads.",
            "generalization",
            "Accuracy is misleading",
        ),
        T(
            "Data Normalization",
            "Transform the input data into a well-behaved form.",
            "linear_regression",
            "No feature scaling: raw square feet",
        ),
        T(
            "Dataset Splitting",
            "70 % training, 20 % validation, 10 % test.",
            "generalization",
            "The slides' 70/20/10",
        ),
        T(
            "Network Evaluation",
            "Training and validation loss side by side.",
            "generalization",
            "No L2, no early stop",
        ),
        T("DL Frameworks", "TensorFlow (Keras), Torch, Jax, MXNet do the gradients for you."),
        T("Open Datasets", "Processed, balanced, labelled datasets: tensorflow.org/datasets, Kaggle."),
        T("Live Demo", "playground.tensorflow.org.", "playground"),
        T(
            "PyTorch: Three Levels of Abstraction",
            "Tensor, Variable (a node of the computational graph), Module (a layer).",
        ),
        T(
            "General Structure for training Neural Networks",
            "For each batch: zero_grad, predict, loss, backward, step.",
        ),
        T(
            "SGD on two points with binary cross-entropy",
            "d₁ = [0.9, −0.2], y = 0 and d₂ = [0.75, 0.6], y = 1; learning rate 0.01.",
            "backprop",
            "BCE, SGD on d₁ then d₂ (lr 0.01)",
        ),
        T(
            "Convolutional Neural Networks (course plan)",
            "CNN theory and hands-on 2.",
            "cnn_shapes",
        ),
        T(
            "CNN, Fine-tuning (course plan)",
            "Hands-on 3: reuse a trained network on new images.",
            "transfer_learning",
            "3 images per class",
        ),
        T(
            "Generative Models: VAE (course plan)",
            "VAE theory and hands-on 4.",
            "vae",
            "VAE, β = 1",
        ),
        T("Recurrent Neural Networks (topics list)", "Networks with a memory for sequences.", "rnn_cell"),
        T("(brief) Reinforcement Learning (topics list)", "Learn from mistakes: control, gaming."),
    ),
)

#: The decks in the course's order.
DECKS: tuple[Deck, ...] = (BOOTCAMP, PYTHON, HUMANS, WORKSHOP, INTRO)
