"""Load TensorFlow once per process, with its thread pools configured for tiny models.

TensorFlow costs ~5 s and ~600 MB to import, so pages that do not need it never
call :func:`get_tf`. The first call imports it and sets the thread pools before
any op runs; later calls return the same module. Thread counts come from the
environment so a lab admin can tune a shared server:

* ``MLP_TF_INTRA_THREADS`` (default 1): threads inside one op. Tiny models run
  faster single-threaded, and several learners' runs then share the cores.
* ``MLP_TF_INTER_THREADS`` (default 2): ops run side by side.
"""

from __future__ import annotations

import os
import threading
from types import ModuleType

_lock = threading.Lock()
_tf: ModuleType | None = None


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


def get_tf() -> ModuleType:
    """Return the ``tensorflow`` module, importing and configuring it on first use."""
    global _tf
    if _tf is not None:
        return _tf
    with _lock:
        if _tf is None:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
            os.environ.setdefault("KERAS_BACKEND", "tensorflow")
            import tensorflow as tf

            try:
                tf.config.threading.set_intra_op_parallelism_threads(_env_int("MLP_TF_INTRA_THREADS", 1))
                tf.config.threading.set_inter_op_parallelism_threads(_env_int("MLP_TF_INTER_THREADS", 2))
            except RuntimeError:
                # The runtime was already initialised by someone else (e.g. a test
                # that imported tensorflow first): keep its settings.
                pass
            _tf = tf
    return _tf
