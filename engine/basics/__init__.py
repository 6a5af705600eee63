"""Day one of the course: gradient descent, linear regression and logistic regression in numpy.

The math is hand-written here because showing it is the point; every formula is
tested against a library (scikit-learn, numpy.linalg) or finite differences.
"""
