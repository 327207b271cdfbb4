import LatKitRandom

/// Mini-batch gradient training of a single-output `MultilayerPerceptron`: each epoch visits the
/// rows in a fresh seeded random order, one optimizer step per batch (the last batch may be
/// smaller). The caller decides after each epoch whether to go on (early stopping, progress).
public struct MiniBatchTraining {
    /// Rows per optimizer step.
    public var batchSize: Int
    /// Most epochs to run.
    public var epochs: Int
    /// The loss minimised.
    public var loss: RegressionLoss
    /// Layers below this index are frozen (0 trains all).
    public var firstTrainable: Int

    /// Creates a training schedule; by default every layer is trained.
    public init(batchSize: Int, epochs: Int, loss: RegressionLoss, firstTrainable: Int = 0) {
        self.batchSize = batchSize
        self.epochs = epochs
        self.loss = loss
        self.firstTrainable = firstTrainable
    }

    /// Trains `network` on `inputs` (n x inputCount) and `targets` (n values). Before epoch `e`
    /// (0-based) the optimizer's learning rate is set to `learningRate(e)`. After each epoch
    /// `afterEpoch(e, network, meanLoss)` returns whether to continue.
    public func run(
        _ network: inout MultilayerPerceptron, inputs: Matrix, targets: [Float], optimizer: inout some Optimizer,
        generator: inout SeededGenerator, learningRate: (Int) -> Double,
        afterEpoch: (Int, MultilayerPerceptron, Double) throws -> Bool
    ) rethrows {
        precondition(inputs.rows == targets.count, "\(inputs.rows) input rows but \(targets.count) targets")
        precondition(network.outputCount == 1, "mini-batch training fits single-output networks")
        let rows = inputs.rows
        guard rows > 0, epochs > 0 else { return }
        let size = max(1, min(batchSize, rows))
        var work = Backpropagation(network: network, batchSize: size)
        var order = Array(0..<rows)
        var gradient = Matrix(rows: size, columns: 1)
        var batchTargets = [Float](repeating: 0, count: size)
        for epoch in 0..<epochs {
            optimizer.learningRate = learningRate(epoch)
            generator.shuffle(&order)
            var total = 0.0
            var start = 0
            while start < rows {
                let end = min(start + size, rows)
                let batch = order[start..<end]
                batchTargets.removeAll(keepingCapacity: true)
                for index in batch { batchTargets.append(targets[index]) }
                let outputs = work.forward(network, input: inputs, rows: batch)
                total += loss.evaluate(outputs: outputs, targets: batchTargets, gradient: &gradient) * Double(batch.count)
                work.backward(network, outputGradient: gradient, firstTrainable: firstTrainable)
                optimizer.step(&network.layers, gradients: work.gradients, trainable: firstTrainable..<network.layers.count)
                start = end
            }
            if try !afterEpoch(epoch, network, total / Double(rows)) { break }
        }
    }
}
