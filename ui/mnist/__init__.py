"""The MNIST pages: lab controls, figures, live-view frames, the draw page's pieces."""
