import LatKitRandom

/// A fully connected layer `y = W x + b`, with `W` stored as PyTorch does: `[outputs, inputs]`,
/// row-major (element (o, k) is `weights.values[o * inputs + k]`).
public struct DenseLayer: Equatable, Sendable {
    /// `outputs x inputs`.
    public var weights: Matrix
    /// `outputs` values.
    public var bias: [Float]

    /// Number of inputs.
    public var inputCount: Int { weights.columns }
    /// Number of outputs.
    public var outputCount: Int { weights.rows }

    /// A layer with the given weights (`[outputs, inputs]`) and bias (`outputs` values).
    public init(weights: Matrix, bias: [Float]) {
        precondition(bias.count == weights.rows, "bias has \(bias.count) values for \(weights.rows) outputs")
        self.weights = weights
        self.bias = bias
    }

    /// A layer initialised by `initialization` with draws from `generator`.
    public init(inputs: Int, outputs: Int, initialization: WeightInitialization, generator: inout SeededGenerator) {
        var weights = Matrix(rows: outputs, columns: inputs)
        var bias = [Float](repeating: 0, count: outputs)
        switch initialization {
        case .heNormal:
            let scale = (2.0 / Double(max(inputs, 1))).squareRoot()
            for index in weights.values.indices { weights.values[index] = Float(generator.normal() * scale) }
        case .pytorchDefault:
            let bound = 1.0 / Double(max(inputs, 1)).squareRoot()
            for index in weights.values.indices { weights.values[index] = Float((generator.double() * 2 - 1) * bound) }
            for index in bias.indices { bias[index] = Float((generator.double() * 2 - 1) * bound) }
        case .zero:
            break
        }
        self.init(weights: weights, bias: bias)
    }

    /// `output = input * W^T + b` for a batch (`input` is `n x inputs`, `output` `n x outputs`).
    public func forward(_ input: Matrix, into output: inout Matrix) {
        precondition(input.columns == inputCount, "layer takes \(inputCount) inputs, got \(input.columns)")
        precondition(output.rows == input.rows && output.columns == outputCount, "layer output has the wrong shape")
        output.values.withUnsafeMutableBufferPointer { out in
            bias.withUnsafeBufferPointer { b in
                for row in 0..<input.rows { (out.baseAddress! + row * outputCount).update(from: b.baseAddress!, count: outputCount) }
            }
        }
        Matrix.multiply(input, .none, weights, .transposed, into: &output, beta: 1)
    }
}

/// How a new layer's weights are drawn.
public enum WeightInitialization: Sendable {
    /// Weights `N(0, 2 / inputs)`, bias 0 (He et al., for ReLU networks).
    case heNormal
    /// PyTorch's `nn.Linear` default: weights and bias uniform in `±1/sqrt(inputs)`.
    case pytorchDefault
    /// All zero.
    case zero
}

/// The gradient of a loss with respect to one layer's parameters.
public struct DenseGradient: Sendable {
    /// Same shape as the layer's weights.
    public var weights: Matrix
    /// Same length as the layer's bias.
    public var bias: [Float]

    /// A zero gradient for `layer`.
    public init(zeroFor layer: DenseLayer) {
        weights = Matrix(rows: layer.outputCount, columns: layer.inputCount)
        bias = [Float](repeating: 0, count: layer.outputCount)
    }
}
