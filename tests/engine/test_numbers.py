"""ui.numbers.signed: a term after the first reads '+ 2' or '− 30', never '+ -30'."""

from __future__ import annotations

from ui.numbers import signed


def test_signed_terms() -> None:
    assert signed(-30.0, "g") == " − 30"
    assert signed(0.07569, ".4g") == " + 0.07569"
    assert signed(-0.07569, ".4g", minus="-") == " - 0.07569"  # inside LaTeX
    assert signed(-2.5, lambda v: f"{v:.1f}") == " − 2.5"
    assert "+ -" not in signed(-1e-9, ".3g") and "+ −" not in signed(-1e-9, ".3g")
