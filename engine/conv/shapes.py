"""The one output-size function shared by convolution, pooling and the CNN calculator.

Along one axis, an input of ``n`` cells padded with ``before`` + ``after`` cells, a
kernel of ``k`` taps spaced ``dilation`` apart (effective size ``d(k-1)+1``) and a
stride ``s`` give

    out = floor((n + before + after - d(k-1) - 1) / s) + 1

output cells (the formula of CS231n and of ``tf.nn.conv2d``'s explicit padding).
"""

from __future__ import annotations

from dataclasses import dataclass


class SizeError(ValueError):
    """A size combination has no output; the message says why in plain words."""


def effective_kernel(k: int, dilation: int = 1) -> int:
    """Span of a ``k``-tap kernel whose taps are ``dilation`` cells apart."""
    return dilation * (k - 1) + 1


def output_size(n: int, k: int, stride: int = 1, pad: int | tuple[int, int] = 0, dilation: int = 1) -> int:
    """Output cells along one axis (see the module formula); raises :class:`SizeError` if none."""
    before, after = (pad, pad) if isinstance(pad, int) else pad
    if n < 1 or k < 1 or stride < 1 or dilation < 1 or before < 0 or after < 0:
        raise SizeError(
            f"sizes must be positive (input {n}, kernel {k}, stride {stride}, dilation {dilation}) "
            f"and padding non-negative ({before}, {after})"
        )
    span = n + before + after
    eff = effective_kernel(k, dilation)
    if eff > span:
        dil = f" (kernel {k} with dilation {dilation} spans {eff} cells)" if dilation > 1 else ""
        raise SizeError(
            f"the kernel{dil} is {eff} cells wide but the padded input is only {span} "
            f"({n} + {before + after} padding): the window does not fit even once. "
            "Use a smaller kernel or dilation, or more padding."
        )
    return (span - eff) // stride + 1


def same_padding(n: int, k: int, stride: int = 1, dilation: int = 1) -> tuple[int, int]:
    """Keras/TF ``padding="same"``: (before, after) so that ``out = ceil(n / stride)``.

    When the total is odd the extra cell goes after (bottom/right), as in TensorFlow.
    """
    out = -(-n // stride)
    total = max((out - 1) * stride + effective_kernel(k, dilation) - n, 0)
    return total // 2, total - total // 2


@dataclass(frozen=True)
class SizeReport:
    """Everything the page says about one axis: the size, and what is left over."""

    n: int
    k: int
    stride: int
    before: int
    after: int
    dilation: int
    out: int  # 0 when impossible
    leftover: int  # padded cells after the last window that no window reaches
    problem: str  # "" when the combination works

    @property
    def exact(self) -> bool:
        """True when the windows tile the padded input with nothing left over."""
        return self.out > 0 and self.leftover == 0

    @property
    def numerator(self) -> int:
        return self.n + self.before + self.after - effective_kernel(self.k, self.dilation)


def size_report(
    n: int, k: int, stride: int = 1, pad: int | tuple[int, int] = 0, dilation: int = 1
) -> SizeReport:
    """:func:`output_size` plus the leftover cells and a problem message instead of an exception."""
    before, after = (pad, pad) if isinstance(pad, int) else pad
    try:
        out = output_size(n, k, stride, (before, after), dilation)
    except SizeError as err:
        return SizeReport(n, k, stride, before, after, dilation, 0, 0, str(err))
    leftover = (n + before + after - effective_kernel(k, dilation)) % stride
    return SizeReport(n, k, stride, before, after, dilation, out, leftover, "")
