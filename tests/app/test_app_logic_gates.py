"""``pages/logic_gates.py`` with AppTest: truth tables, hand/trained weights, XOR, presets, URL round trip."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from engine.neuron.config import GatesConfig
from ui.navigation import page_for
from ui.neuron.presets import GATE_PRESETS

PAGE = "pages/logic_gates.py"
K = page_for(PAGE).prefix  #: the page's session-state prefix (from the page registry)
Open = Callable[..., AppTest]


def truth(at: AppTest):
    return at.table[0].value


def verdicts(at: AppTest) -> str:
    return " ".join(x.value for x in (*at.success, *at.warning, *at.error))


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def test_default_is_the_slides_and(run_page: Open) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Logic gates with one neuron"
    table = truth(at)
    assert table["z"].tolist() == [-30, -10, -10, 10]
    assert table["neuron says"].tolist() == ["0", "0", "0", "1"]
    assert "4 of 4 right" in at.success[0].value
    assert "no download" in at.caption[0].value
    sums = at.latex[0].value
    assert "z = -30 + 20 \\cdot 1 + 20 \\cdot 1 = 10" in sums
    assert len(charts(at)) == 1
    assert "set_weights" in at.code[0].value and "Dense(1, activation='sigmoid')" in at.code[0].value
    assert dict(at.query_params) == {}


def test_sliders_change_the_table_and_the_url(run_page: Open) -> None:
    at = run_page(PAGE)
    at.slider(key=K + "b").set_value(-10.0).run()  # AND's weights with OR's bias
    assert truth(at)["neuron says"].tolist() == ["0", "1", "1", "1"]
    assert "2 of 4 right" in verdicts(at)  # OR against the AND target
    at.radio(key=K + "gate").set_value("OR").run()
    assert "4 of 4 right" in at.success[0].value
    assert dict(at.query_params) == {"gate": "OR", "b": "-10.0"}


def test_slides_weights_button(run_page: Open) -> None:
    at = run_page(PAGE, gate="NAND", w1="1", w2="1", b="0")
    assert "4 of 4" not in verdicts(at)
    at.button(key=K + "slides").click().run()
    assert truth(at)["neuron says"].tolist() == ["1", "1", "1", "0"]
    assert (at.slider(key=K + "w1").value, at.slider(key=K + "b").value) == (-20.0, 30.0)


def test_trained_mode_learns_and_hands_over_the_weights(run_page: Open) -> None:
    at = run_page(PAGE, gate="OR", mode="train")
    assert "4 of 4 right" in at.success[0].value
    # No disabled hand sliders showing other weights: the trained ones, in words.
    assert not [s for s in at.slider if s.key in (K + "w1", K + "w2", K + "b")]
    assert any("Trained weights: w1 = **" in m.value for m in at.sidebar.markdown)
    assert len(charts(at)) == 2  # the neuron and its training curve
    at.button(key=K + "use").click().run()
    assert at.radio(key=K + "mode").value == "manual"
    assert truth(at)["neuron says"].tolist() == ["0", "1", "1", "1"]
    assert "mode" not in at.query_params and at.query_params["gate"] == "OR"


def test_xor_one_neuron_fails_and_the_hidden_layer_works(run_page: Open) -> None:
    at = run_page(PAGE, gate="XOR", mode="train", seed="1")
    text = verdicts(at)
    # Trained, one neuron ends at w = b = 0: sigma = 0.5 everywhere, said so (not "0, 0, 0, 1").
    assert "σ = 0.5 on every row" in text and "ln 2 = 0.6931" in text
    assert truth(at)["neuron says"].tolist() == ["? (σ ≈ 0.5)"] * 4
    assert "-0.000" not in " ".join(m.value for m in at.markdown)
    assert "The 2-1 network gets **4 of 4** right" in text
    hand = run_page(PAGE, gate="XOR", w1="20", w2="20", b="-10")
    assert "No single neuron can do better than 3 of 4" in verdicts(hand)
    hidden = at.table[1].value
    assert hidden["right?"].tolist() == ["✓ yes"] * 4
    assert len(charts(at)) == 4  # neuron, network, hidden space, the two loss curves
    manual = run_page(PAGE, gate="XOR")
    assert "the slides' weights" in " ".join(c.value for c in manual.caption)
    stuck = run_page(PAGE, gate="XOR", mode="train", seed="9", epochs="5000")
    assert "got stuck in a local minimum" in verdicts(stuck)


def test_presets_and_link_round_trip(run_page: Open) -> None:
    at = run_page(PAGE)
    for i, preset in enumerate(GATE_PRESETS):
        at.button(key=f"{K}preset_{i}").click().run()
        assert not at.exception, preset.title
        assert at.radio(key=K + "gate").value == preset.values["gate"]
    cfg = GatesConfig(gate="NOR", mode="train", learning_rate=3.0, epochs=500, seed=5)
    linked = run_page(PAGE, **cfg.to_params())
    assert dict(linked.query_params) == cfg.to_params()
    assert linked.select_slider(key=K + "learning_rate").value == 3.0
    old = run_page(PAGE, gate="OR", w1="12.5", b="-7", mode="manual")  # a link from before: %g floats
    assert not old.warning and (old.slider(key=K + "w1").value, old.slider(key=K + "b").value) == (12.5, -7.0)
    bad = run_page(PAGE, gate="XNOR", w1="1e9")
    assert len(bad.warning) >= 2 and "ignored gate='XNOR'" in bad.warning[0].value
    assert truth(bad)["z"].tolist() == [-30, -10, -10, 10]
