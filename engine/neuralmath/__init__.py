"""The math inside one training step, made visible: activations, backpropagation, softmax.

Pure numpy (TensorFlow only in :mod:`engine.neuralmath.collapse`, loaded lazily).
"""
