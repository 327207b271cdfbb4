import LatKitLearning
import LatKitNumerics
import LatKitPluginKit
import LatKitRandom

/// One network used as it is: the paper recipe's result or pretrained weights. The standard
/// deviation it reports is a constant: the RMSE on the validation rows of the last fit (on the
/// training rows when there were none), 0 for untrained pretrained weights.
struct SingleNetworkModel {
    var network: MultilayerPerceptron
    var std: Double

    func predict(_ features: Matrix) throws -> (mean: [Double], std: [Double]) {
        guard features.columns == network.inputCount else {
            throw PluginError.invalid("the batch has \(features.columns) feature columns, the network takes \(network.inputCount)")
        }
        let outputs = network.predict(features)
        return (outputs.values.map(Double.init), [Double](repeating: std, count: features.rows))
    }
}

/// The OFANAS paper's training recipe: raw features and raw targets, an MLP (400-400-400 ReLU
/// by default) with PyTorch's default initialisation, SGD with momentum and weight decay, loss
/// sqrt(MSE + 1e-6), shuffled batches of 32, 100 epochs, the final epoch's weights kept. With
/// `grid`, lr x weight decay x momentum is chosen on the validation rows.
enum PaperRecipe {
    static let gridLearningRates = [1e-4, 1e-3, 1e-2]
    static let gridWeightDecays = [1e-4, 1e-3, 1e-2]
    static let gridMomenta = [0.4, 0.6, 0.8, 0.9]

    static func fit(
        train: LabelledRows, validation: LabelledRows?, settings: MLPSettings, initial: MultilayerPerceptron?, seed: UInt64,
        progress: ProgressReporter
    ) throws -> SingleNetworkModel {
        guard train.count >= 1 else { throw PluginError.invalid("the paper recipe needs at least 1 training row") }
        if let initial, initial.inputCount != train.features.columns {
            throw PluginError.invalid(
                "the pretrained network takes \(initial.inputCount) features, the training batch has \(train.features.columns)")
        }
        guard settings.grid else {
            let network = try trainOne(
                rows: train, settings: settings, hyper: (settings.learningRate, settings.weightDecay, settings.momentum),
                initial: initial, seed: seed, progress: progress, part: (0, 1))
            let check = validation ?? train
            return SingleNetworkModel(network: network, std: rmse(network, check))
        }
        var generator = SeededGenerator(seed: seed ^ 0x5EED_0F_6121D)
        let split =
            try validation.map { (fit: train, holdout: $0) } ?? train.splitHoldout(fraction: settings.holdout, generator: &generator)
        var combinations: [(Double, Double, Double)] = []
        for lr in gridLearningRates {
            for decay in gridWeightDecays { for momentum in gridMomenta { combinations.append((lr, decay, momentum)) } }
        }
        var best: SingleNetworkModel?
        for (index, hyper) in combinations.enumerated() {
            let network = try trainOne(
                rows: split.fit, settings: settings, hyper: hyper, initial: initial, seed: seed, progress: progress,
                part: (index, combinations.count))
            let error = rmse(network, split.holdout)
            if error.isFinite, best == nil || error < best!.std { best = SingleNetworkModel(network: network, std: error) }
        }
        guard let best else { throw PluginError.invalid("every grid setting diverged (non-finite validation RMSE)") }
        return best
    }

    /// Trains one network with (learning rate, weight decay, momentum); `part` = (index, count) of
    /// this training among all, for progress.
    static func trainOne(
        rows: LabelledRows, settings: MLPSettings, hyper: (Double, Double, Double), initial: MultilayerPerceptron?, seed: UInt64,
        progress: ProgressReporter, part: (Int, Int)
    ) throws -> MultilayerPerceptron {
        var generator = SeededGenerator(seed: seed)
        var network = try initial ?? newNetwork(widths: [rows.features.columns] + settings.hidden + [1], generator: &generator)
        var optimizer = StochasticGradientDescent(learningRate: hyper.0, momentum: hyper.2, weightDecay: hyper.1)
        let training = MiniBatchTraining(batchSize: settings.batchSize, epochs: settings.epochs, loss: .rootMeanSquaredError(epsilon: 1e-6))
        try training.run(
            &network, inputs: rows.features, targets: rows.targets.map(Float.init), optimizer: &optimizer, generator: &generator,
            learningRate: { _ in hyper.0 }
        ) { epoch, _, loss in
            let fraction = (Double(part.0) + Double(epoch + 1) / Double(settings.epochs)) / Double(part.1)
            try progress.report(fraction, "epoch \(epoch + 1)/\(settings.epochs) loss \(loss)")
            return loss.isFinite
        }
        return network
    }

    /// A network of the given widths with PyTorch's default `nn.Linear` initialisation.
    static func newNetwork(widths: [Int], generator: inout SeededGenerator) throws -> MultilayerPerceptron {
        try MultilayerPerceptron(
            layers: zip(widths, widths.dropFirst()).map {
                DenseLayer(inputs: $0, outputs: $1, initialization: .pytorchDefault, generator: &generator)
            })
    }

    static func rmse(_ network: MultilayerPerceptron, _ rows: LabelledRows) -> Double {
        rootMeanSquaredError(network.predict(rows.features).values.map(Double.init), rows.targets)
    }
}
