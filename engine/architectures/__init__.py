"""Famous CNN architectures: parameters, multiply-adds, depth and blocks, counted from Keras models."""
