""" "What to try" on the recurrent-cell page; tests/engine/test_rnn_cell_presets.py checks each claim."""

from __future__ import annotations

from engine.presets import Preset

LONG = {"source": "pulse", "length": 30}

CELL_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Vanishing: tanh, small weights",
        "A pulse at step 1, then 29 zeros, recurrent scale 0.5. Each step back multiplies the gradient "
        "by the recurrent matrix (at most 0.5) and by tanh's slope (at most 1): by step 1 the "
        "SimpleRNN's gradient is **a billion times smaller** than at step 30. The loss cannot learn "
        "from what happened 30 steps ago.",
        {**LONG, "scale": 0.5},
    ),
    Preset(
        "Exploding: large weights",
        "The same pulse, recurrent scale 1.5 and no squashing (linear activation): each step back "
        "*multiplies* the gradient by up to 1.5, and 1.5^29 is about 127,000. Switch the activation "
        "back to tanh: the units saturate, tanh's slope falls to ~0 and the gradient vanishes again.",
        {**LONG, "scale": 1.5, "activation": "linear"},
    ),
    Preset(
        "Clipped: exploding, then clipped",
        "The exploding run with the weight gradient clipped at norm 1 (`clipnorm`-style, "
        "`tf.clip_by_global_norm`). The whole gradient is scaled down by the same factor: its "
        "direction is kept, its length is 1, so one update cannot throw the weights away. The "
        "*shape* of the curve does not change: clipping tames explosions, it does not cure vanishing.",
        {**LONG, "scale": 1.5, "activation": "linear", "clip": 1.0},
    ),
    Preset(
        "LSTM keeps it alive",
        "Same pulse and small recurrent weights (0.5), forget-gate bias 3. Going back one step the "
        "LSTM's cell gradient is only multiplied by the forget gate f (about 0.95 here): no weight "
        "matrix, no tanh slope. After 30 steps it is still **of the same size**, while the "
        "SimpleRNN's has vanished. Set the forget bias to 0 and watch the cell forget.",
        {**LONG, "scale": 0.5, "forget_bias": 3.0, "cell": "lstm"},
    ),
    Preset(
        "GRU's gates on a sine",
        "The GRU on a sine wave: step through it. Where the update gate z is near 1 the new state "
        "copies the old one (h_t ≈ h_{t-1}); where it is near 0 the candidate takes over. The reset "
        "gate r decides how much of the old state the candidate sees.",
        {"cell": "gru", "source": "sine", "length": 16, "step": 8},
    ),
)
