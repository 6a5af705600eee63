"""The convolution step-through's problem: what a :class:`~engine.conv.config.StepConfig` describes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.conv.config import StepConfig
from engine.conv.conv import conv2d
from engine.conv.examples import CONV_EXAMPLES, random_problem
from engine.conv.shapes import SizeReport, effective_kernel, size_report


@dataclass(frozen=True)
class StepProblem:
    """Input ``x`` (H, W, C), filters ``w`` (K, K, C, F), biases ``b`` (F,), and what the sizes give."""

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    padding: int
    stride: int
    dilation: int
    report: SizeReport  # along one axis (inputs and kernels are square)
    out: np.ndarray | None  # None when the sizes are impossible

    @property
    def size(self) -> int:
        return self.x.shape[0]

    @property
    def kernel(self) -> int:
        return self.w.shape[0]

    @property
    def channels(self) -> int:
        return self.x.shape[2]

    @property
    def filters(self) -> int:
        return self.w.shape[3]

    @property
    def out_shape(self) -> tuple[int, int, int] | None:
        return None if self.out is None else tuple(int(d) for d in self.out.shape)  # type: ignore[return-value]

    def fixes(self, random_sizes: bool) -> list[str]:
        """Settings that would make impossible sizes fit (for the page's hint)."""
        eff = effective_kernel(self.kernel, self.dilation)
        need = -(-(eff - self.size) // 2)
        fixes = [f"padding P ≥ {need}"] if need <= StepConfig.field_info("padding").spec.high else []
        if self.dilation > 1:
            fixes.append("dilation 1")
        if random_sizes:
            fixes.append(f"a kernel of at most {(self.size + 2 * self.padding - 1) // self.dilation + 1}")
        return fixes


def build_problem(cfg: StepConfig) -> StepProblem:
    """The slides' example (or seeded random values) with the config's padding, stride and dilation."""
    if cfg.example in CONV_EXAMPLES:
        ex = CONV_EXAMPLES[cfg.example]
        x, w, b = ex.x, ex.w, ex.b
    else:
        x, w, b = random_problem(cfg.size, cfg.channels, cfg.filters, cfg.kernel, cfg.seed)
    report = size_report(x.shape[0], w.shape[0], cfg.stride, cfg.padding, cfg.dilation)
    out = conv2d(x, w, b, cfg.stride, cfg.padding, cfg.dilation) if report.out > 0 else None
    return StepProblem(x, w, b, cfg.padding, cfg.stride, cfg.dilation, report, out)
