"""UI pieces of the neural-network playground page."""
