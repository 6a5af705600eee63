"""ui.numbers: a term after the first reads '+ 2' or '− 30' (never '+ -30'); the server load in words."""

from __future__ import annotations

from ui.numbers import server_load, signed


def test_signed_terms() -> None:
    assert signed(-30.0, "g") == " − 30"
    assert signed(0.07569, ".4g") == " + 0.07569"
    assert signed(-0.07569, ".4g", minus="-") == " - 0.07569"  # inside LaTeX
    assert signed(-2.5, lambda v: f"{v:.1f}") == " − 2.5"
    assert "+ -" not in signed(-1e-9, ".3g") and "+ −" not in signed(-1e-9, ".3g")


def test_server_load_in_words() -> None:
    assert server_load(0, 16, 0) == "No run is training on this server now (up to 16 at once)."
    assert server_load(1, 16, 0) == "This server is training 1 run now (up to 16 at once)."
    assert server_load(16, 16, 1).endswith("; 1 more run waits for a turn.")
    assert server_load(16, 16, 3).endswith("; 3 more runs wait for a turn.")
