"""Inside a recurrent cell: one step of SimpleRNN, LSTM and GRU in numpy, unrolled, and BPTT."""
