"""The two MNIST pages' configs bound to session state and the URL (keys from the page registry)."""

from __future__ import annotations

from engine.mnist.config import DrawConfig, LabConfig
from ui.url_state import PageState

LAB_STATE = PageState("pages/mnist_lab.py", LabConfig)  #: every key of the MNIST lab page
DRAW_STATE = PageState("pages/draw_digit.py", DrawConfig)  #: every key of the Draw a digit page
