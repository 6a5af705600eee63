"""Hello TensorFlow: one Keras ``Dense(1)`` neuron learns a line; single-neuron logic gates."""
