"""Classical machine learning: k-nearest neighbours, support vector machines, k-means and mixtures."""
