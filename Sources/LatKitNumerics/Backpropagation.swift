/// Work buffers for training a `MultilayerPerceptron` on mini-batches: runs the forward pass of
/// one batch, keeps the activations, and back-propagates a gradient of the outputs into gradients
/// of every layer's parameters. Reusing one instance avoids allocation in the training loop.
public struct Backpropagation {
    /// The gradients of the last `backward` call, one per layer (layers below the first trainable
    /// one keep stale values).
    public private(set) var gradients: [DenseGradient]
    /// activations[0] is the batch input; activations[l + 1] the output of layer l (after ReLU for
    /// hidden layers).
    private var activations: [Matrix]
    /// deltas[l]: gradient of the loss with respect to layer l's output before its ReLU.
    private var deltas: [Matrix]

    /// Buffers for `network`, sized for batches of up to `batchSize` rows.
    public init(network: MultilayerPerceptron, batchSize: Int) {
        gradients = network.layers.map(DenseGradient.init(zeroFor:))
        activations = network.widths.map { Matrix(rows: batchSize, columns: $0) }
        deltas = network.layers.map { Matrix(rows: batchSize, columns: $0.outputCount) }
    }

    /// Runs the forward pass on the rows `indices` of `input` and returns the network's outputs
    /// (`indices.count x outputCount`).
    public mutating func forward(_ network: MultilayerPerceptron, input: Matrix, rows indices: some Collection<Int>) -> Matrix {
        let count = indices.count
        for index in activations.indices { activations[index].resize(rows: count) }
        input.gather(rows: indices, into: &activations[0])
        let last = network.layers.count - 1
        for (index, layer) in network.layers.enumerated() {
            var output = Matrix(rows: 0, columns: layer.outputCount)
            swap(&output, &activations[index + 1])
            layer.forward(activations[index], into: &output)
            if index < last { relu(&output.values) }
            swap(&output, &activations[index + 1])
        }
        return activations[last + 1]
    }

    /// Back-propagates `outputGradient` (dLoss/dOutput of the batch of the last `forward`) into
    /// `gradients` for layers `firstTrainable...` (earlier layers are frozen and skipped).
    public mutating func backward(_ network: MultilayerPerceptron, outputGradient: Matrix, firstTrainable: Int = 0) {
        let last = network.layers.count - 1
        let count = activations[0].rows
        precondition(outputGradient.rows == count && outputGradient.columns == network.outputCount, "output gradient has the wrong shape")
        for index in deltas.indices { deltas[index].resize(rows: count) }
        deltas[last].values.replaceSubrange(0..<deltas[last].values.count, with: outputGradient.values)
        var layer = last
        while layer >= firstTrainable {
            let delta = deltas[layer]
            Matrix.multiply(delta, .transposed, activations[layer], .none, into: &gradients[layer].weights)
            let width = delta.columns
            gradients[layer].bias.withUnsafeMutableBufferPointer { bias in
                delta.values.withUnsafeBufferPointer { values in
                    for column in 0..<width { bias[column] = 0 }
                    for row in 0..<count {
                        let base = row * width
                        for column in 0..<width { bias[column] += values[base + column] }
                    }
                }
            }
            if layer > firstTrainable {
                var below = Matrix(rows: 0, columns: deltas[layer - 1].columns)
                swap(&below, &deltas[layer - 1])
                Matrix.multiply(delta, .none, network.layers[layer].weights, .none, into: &below)
                below.values.withUnsafeMutableBufferPointer { gradient in
                    activations[layer].values.withUnsafeBufferPointer { active in
                        for index in gradient.indices { gradient[index] = active[index] > 0 ? gradient[index] : 0 }
                    }
                }
                swap(&below, &deltas[layer - 1])
            }
            layer -= 1
        }
    }
}
