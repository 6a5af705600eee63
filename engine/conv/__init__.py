"""Convolution and pooling, UI-free: the teaching trace engine, fast image filtering, CNN shapes.

* :mod:`engine.conv.shapes`: the one output-size function (and Keras's ``same`` padding).
* :mod:`engine.conv.conv`: ``conv2d`` (vectorised), ``conv2d_naive`` and ``conv_trace`` (one cell).
* :mod:`engine.conv.pool`: ``pool2d`` (max / average with argmax positions) and ``pool_trace``.
* :mod:`engine.conv.kernels`, :mod:`engine.conv.examples`: preset kernels, the slides' examples.
* :mod:`engine.conv.images`: bundled sample photos and upload validation.
* :mod:`engine.conv.imagefilter`: a kernel on a whole image, fast.
* :mod:`engine.conv.cnn`: a CNN's layer shapes and parameter counts (and the same model in Keras).
* :mod:`engine.conv.config`: the four pages' declared URL tables; :mod:`engine.conv.presets`: their
  "What to try" presets, whose lessons quote numbers computed by this package.
* :mod:`engine.conv.step`: the problem the step-by-step page shows for a config.
"""
