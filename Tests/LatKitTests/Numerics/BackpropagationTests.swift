import LatKitNumerics
import LatKitRandom
import XCTest

/// Back-propagation against finite differences, losses, and the optimizers' update rules.
final class BackpropagationTests: XCTestCase {
    func tinyNetwork(seed: UInt64) throws -> MultilayerPerceptron {
        var generator = SeededGenerator(seed: seed)
        return try MultilayerPerceptron(layers: [
            DenseLayer(inputs: 3, outputs: 5, initialization: .pytorchDefault, generator: &generator),
            DenseLayer(inputs: 5, outputs: 4, initialization: .pytorchDefault, generator: &generator),
            DenseLayer(inputs: 4, outputs: 1, initialization: .pytorchDefault, generator: &generator),
        ])
    }

    /// The loss of `network` on all rows, in Double (for finite differences).
    func loss(_ network: MultilayerPerceptron, _ inputs: Matrix, _ targets: [Float], _ kind: RegressionLoss) -> Double {
        var gradient = Matrix(rows: inputs.rows, columns: 1)
        return kind.evaluate(outputs: network.predict(inputs), targets: targets, gradient: &gradient)
    }

    func testGradientsMatchFiniteDifferences() throws {
        var generator = SeededGenerator(seed: 5)
        let inputs = Matrix(rows: 6, columns: 3, values: (0..<18).map { _ in Float(generator.double() * 2 - 1) })
        let targets = (0..<6).map { _ in Float(generator.double()) }
        for kind in [RegressionLoss.meanSquaredError, .rootMeanSquaredError(epsilon: 1e-6)] {
            let network = try tinyNetwork(seed: 3)
            var work = Backpropagation(network: network, batchSize: 6)
            let outputs = work.forward(network, input: inputs, rows: 0..<6)
            XCTAssertEqual(outputs.values, network.predict(inputs).values)
            var gradient = Matrix(rows: 6, columns: 1)
            _ = kind.evaluate(outputs: outputs, targets: targets, gradient: &gradient)
            work.backward(network, outputGradient: gradient)
            let step: Float = 1e-3
            for layer in network.layers.indices {
                for index in network.layers[layer].weights.values.indices {
                    var plus = network
                    plus.layers[layer].weights.values[index] += step
                    var minus = network
                    minus.layers[layer].weights.values[index] -= step
                    let numeric = (loss(plus, inputs, targets, kind) - loss(minus, inputs, targets, kind)) / Double(2 * step)
                    XCTAssertEqual(
                        Double(work.gradients[layer].weights.values[index]), numeric, accuracy: 1e-4 + 0.01 * abs(numeric),
                        "layer \(layer) weight \(index)")
                }
                for index in network.layers[layer].bias.indices {
                    var plus = network
                    plus.layers[layer].bias[index] += step
                    var minus = network
                    minus.layers[layer].bias[index] -= step
                    let numeric = (loss(plus, inputs, targets, kind) - loss(minus, inputs, targets, kind)) / Double(2 * step)
                    XCTAssertEqual(
                        Double(work.gradients[layer].bias[index]), numeric, accuracy: 1e-4 + 0.01 * abs(numeric),
                        "layer \(layer) bias \(index)")
                }
            }
        }
    }

    func testLossValues() {
        var gradient = Matrix(rows: 2, columns: 1)
        let outputs = Matrix(rows: 2, columns: 1, values: [1, 3])
        XCTAssertEqual(RegressionLoss.meanSquaredError.evaluate(outputs: outputs, targets: [0, 1], gradient: &gradient), 2.5)
        XCTAssertEqual(gradient.values, [1, 2])
        let rmse = RegressionLoss.rootMeanSquaredError(epsilon: 1e-6).evaluate(outputs: outputs, targets: [0, 1], gradient: &gradient)
        XCTAssertEqual(rmse, (2.5 + 1e-6).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Double(gradient.values[1]), 2 / (2 * rmse), accuracy: 1e-6)
    }

    func layer(_ weights: [Float], _ bias: Float) -> [DenseLayer] {
        [DenseLayer(weights: Matrix(rows: 1, columns: weights.count, values: weights), bias: [bias])]
    }

    func gradient(_ weights: [Float], _ bias: Float) -> [DenseGradient] {
        var value = DenseGradient(zeroFor: layer(weights, bias)[0])
        value.weights.values = weights
        value.bias = [bias]
        return [value]
    }

    func testSGDMatchesPyTorchUpdateRule() {
        // torch.optim.SGD(lr=0.1, momentum=0.9, weight_decay=0.01), p = 1, g = 0.5 twice:
        // step 1: d = 0.5 + 0.01 = 0.51, buf = 0.51, p = 1 - 0.051 = 0.949
        // step 2: d = 0.5 + 0.00949 = 0.50949, buf = 0.9 * 0.51 + 0.50949 = 0.96849, p = 0.949 - 0.096849
        var optimizer = StochasticGradientDescent(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        var layers = layer([1], 1)
        optimizer.step(&layers, gradients: gradient([0.5], 0.5), trainable: 0..<1)
        XCTAssertEqual(layers[0].weights.values[0], 0.949, accuracy: 1e-6)
        optimizer.step(&layers, gradients: gradient([0.5], 0.5), trainable: 0..<1)
        XCTAssertEqual(layers[0].weights.values[0], 0.949 - 0.096849, accuracy: 1e-6)
        XCTAssertEqual(layers[0].bias[0], layers[0].weights.values[0], accuracy: 1e-7)
    }

    func testAdamFirstStepsMatchPyTorch() {
        // torch.optim.Adam(lr=0.01): the first step moves each parameter by lr * g / (|g| + eps).
        var optimizer = Adam(learningRate: 0.01)
        var layers = layer([1, -2], 0)
        optimizer.step(&layers, gradients: gradient([0.3, -4], 0), trainable: 0..<1)
        XCTAssertEqual(layers[0].weights.values[0], 0.99, accuracy: 1e-6)
        XCTAssertEqual(layers[0].weights.values[1], -1.99, accuracy: 1e-6)
        // Second step with g = 0.1 for the first weight: m = 0.9*0.03+0.01 = 0.037 -> m^ = 0.037/0.19,
        // v = 0.999*0.00009 + 0.001*0.01 = 0.00009991 -> v^ = v / 0.001999.
        optimizer.step(&layers, gradients: gradient([0.1, -4], 0), trainable: 0..<1)
        let mHat = 0.037 / 0.19
        let vHat = 0.00009991 / 0.001999
        XCTAssertEqual(Double(layers[0].weights.values[0]), 0.99 - 0.01 * mHat / (vHat.squareRoot() + 1e-8), accuracy: 1e-6)
    }

    func testTrainingFitsALinearFunctionAndFrozenLayersStay() throws {
        var generator = SeededGenerator(seed: 9)
        let inputs = Matrix(rows: 64, columns: 3, values: (0..<192).map { _ in Float(generator.double() * 2 - 1) })
        let targets = (0..<64).map { inputs[$0, 0] - 2 * inputs[$0, 1] + 0.5 }
        var network = try tinyNetwork(seed: 4)
        let frozen = network.layers[0]
        var optimizer = Adam(learningRate: 0.01)
        let training = MiniBatchTraining(batchSize: 16, epochs: 200, loss: .meanSquaredError, firstTrainable: 1)
        var first = Double.nan
        var last = Double.infinity
        training.run(&network, inputs: inputs, targets: targets, optimizer: &optimizer, generator: &generator, learningRate: { _ in 0.01 })
        {
            epoch, _, loss in
            if epoch == 0 { first = loss }
            last = loss
            return true
        }
        XCTAssertEqual(network.layers[0], frozen)
        XCTAssertLessThan(last, 0.5 * first)
        let full = MiniBatchTraining(batchSize: 16, epochs: 300, loss: .meanSquaredError)
        full.run(&network, inputs: inputs, targets: targets, optimizer: &optimizer, generator: &generator, learningRate: { _ in 0.01 }) {
            _, _, loss in
            last = loss
            return true
        }
        XCTAssertNotEqual(network.layers[0], frozen)
        XCTAssertLessThan(last, 0.01)
    }
}
