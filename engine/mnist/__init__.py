"""MNIST engine: loader chain, preprocessing of drawings, the lab's models and live run, the recognizer."""
