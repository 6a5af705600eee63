"""Generative models: a variational autoencoder and a GAN on 2-D data."""
