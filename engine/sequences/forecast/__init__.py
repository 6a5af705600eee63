"""Recurrent networks on a time series: SimpleRNN, LSTM and GRU trained side by side (live)."""
