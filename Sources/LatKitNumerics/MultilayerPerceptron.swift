/// A feed-forward network of dense layers with ReLU between them (none after the last):
/// `y = L_n(relu(... relu(L_1 x)))`.
public struct MultilayerPerceptron: Equatable, Sendable {
    /// The layers, input side first; each layer's inputs equal the previous one's outputs.
    public var layers: [DenseLayer]

    /// A network of the given layers; fails when consecutive shapes do not chain.
    public init(layers: [DenseLayer]) throws {
        guard !layers.isEmpty else { throw NumericsError.shape("a network needs at least one layer") }
        for (index, pair) in zip(layers, layers.dropFirst()).enumerated() where pair.0.outputCount != pair.1.inputCount {
            throw NumericsError.shape(
                "layer \(index) has \(pair.0.outputCount) outputs but layer \(index + 1) takes \(pair.1.inputCount) inputs")
        }
        self.layers = layers
    }

    /// Number of inputs of the first layer.
    public var inputCount: Int { layers[0].inputCount }
    /// Number of outputs of the last layer.
    public var outputCount: Int { layers[layers.count - 1].outputCount }
    /// Widths input, hidden..., output, e.g. [128, 400, 400, 400, 1].
    public var widths: [Int] { [inputCount] + layers.map(\.outputCount) }

    /// The outputs for every row of `input` (`n x inputCount` -> `n x outputCount`), computed in
    /// chunks of `chunk` rows so that memory stays bounded for large batches.
    public func predict(_ input: Matrix, chunk: Int = 4096) -> Matrix {
        predict(input, throughLayer: layers.count, chunk: chunk)
    }

    /// The activations after the first `count` layers (after their ReLU when they are hidden
    /// layers), e.g. `count = layers.count - 1` gives the features the last layer sees.
    public func predict(_ input: Matrix, throughLayer count: Int, chunk: Int = 4096) -> Matrix {
        precondition(input.columns == inputCount, "network takes \(inputCount) inputs, got \(input.columns)")
        precondition((1...layers.count).contains(count), "layer count \(count) out of range 1...\(layers.count)")
        let width = layers[count - 1].outputCount
        var result = Matrix(rows: input.rows, columns: width)
        var start = 0
        while start < input.rows {
            let end = min(start + chunk, input.rows)
            var current = input.slicing(rows: start..<end)
            for (index, layer) in layers.prefix(count).enumerated() {
                var next = Matrix(rows: current.rows, columns: layer.outputCount)
                layer.forward(current, into: &next)
                if index < layers.count - 1 { relu(&next.values) }
                current = next
            }
            result.values.replaceSubrange((start * width)..<(end * width), with: current.values)
            start = end
        }
        return result
    }
}

/// Applies `max(x, 0)` in place.
@inline(__always)
func relu(_ values: inout [Float]) {
    values.withUnsafeMutableBufferPointer { buffer in
        for index in buffer.indices { buffer[index] = max(buffer[index], 0) }  // branch-free: vectorises
    }
}

/// A shape or numeric failure in the numerics library, with a message saying what was wrong.
public enum NumericsError: Error, CustomStringConvertible, Equatable {
    /// Operands whose shapes do not fit together.
    case shape(String)
    /// A system that cannot be solved (e.g. a matrix that is not positive definite).
    case singular(String)

    /// The message as it is.
    public var description: String {
        switch self {
        case .shape(let message), .singular(let message): return message
        }
    }
}
