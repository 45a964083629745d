/// The recurrent cell of a layer, with PyTorch's equations (`torch.nn.RNN`, `GRU`, `LSTM`).
///
/// Gate blocks are stacked along the rows of the weights in PyTorch's order, so weights move
/// between the two unchanged: RNN one block, GRU `r, z, n`, LSTM `i, f, g, o`.
public enum RecurrentCell: String, Sendable, CaseIterable, Codable {
    /// h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
    case rnnTanh = "rnn_tanh"
    /// h' = relu(W_ih x + b_ih + W_hh h + b_hh)
    case rnnReLU = "rnn_relu"
    /// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
    /// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h
    case gru
    /// i, f, o = σ(·), g = tanh(·) of W_i· x + b_i· + W_h· h + b_h·;
    /// c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')
    case lstm

    /// The number of gate blocks stacked in each weight: 1, 3 or 4.
    public var gateCount: Int {
        switch self {
        case .rnnTanh, .rnnReLU: return 1
        case .gru: return 3
        case .lstm: return 4
        }
    }

    /// Whether the cell carries a cell state `c` beside `h` (LSTM only).
    public var hasCellState: Bool { self == .lstm }
}
