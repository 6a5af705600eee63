"""Neural-network playground engine: 2-D data, features, model, live run."""
