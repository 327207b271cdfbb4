import Foundation
import LatKitLearning
import LatKitNumerics
import LatKitPluginABI
import LatKitPluginKit

/// The `mlp` latency estimator: multilayer perceptrons over the search space's feature encoding.
///
/// Recipes (option `recipe`): `default`, a ridge model over interaction features, per-key
/// operator counts and (unpenalized) MACs and parameters plus an ensemble of residual MLPs (see `HybridModel`); `paper`, the OFANAS paper's predictor (see
/// `PaperRecipe`); `none`, pretrained weights as they are (see `PretrainedWeights`).
class MLPEstimator: EstimatorPlugin {
    class var name: String { "mlp" }
    class var version: String { "1.0.0" }
    class var summary: String {
        "MLP latency predictor over features: ridge + residual MLP ensemble (default), the OFANAS paper recipe, or pretrained weights"
    }
    class var optionsHelp: String { MLPSettings.help }
    /// Operators and costs feed the default recipe's additive part; recipe=paper and recipe=none use features only.
    class var views: Int { Int(LATKIT_VIEW_FEATURES | LATKIT_VIEW_OPERATORS | LATKIT_VIEW_COST) }
    class var capabilities: Int { Int(LATKIT_CAN_FIT | LATKIT_CAN_ADAPT | LATKIT_HAS_STD | LATKIT_CAN_SAVE) }
    /// Whether the values are latencies (ms), floored at `LatencyFloor.ms`; an accuracy is not.
    class var predictsLatency: Bool { true }
    class var functions: [ExtensionFunction] {
        [
            ExtensionFunction(
                name: "convert_weights", signature: "i(s,s)",
                summary: "convert_weights(input, output): weights.json (or .f32) -> compact weights.f32; 0 on success",
                convertWeights)
        ]
    }

    private let settings: MLPSettings
    private var model: FittedModel?
    /// The pretrained network, kept so that fit with recipe=paper starts from it.
    private let pretrained: MultilayerPerceptron?

    required init(options: PluginOptions) throws {
        settings = try MLPSettings(options: options)
        if let path = settings.pretrained {
            let network = try PretrainedWeights.load(path: path)
            guard network.outputCount == 1 else {
                throw PluginError.invalid("pretrained network '\(path)' has \(network.outputCount) outputs; a predictor needs 1")
            }
            pretrained = network
            model = .single(SingleNetworkModel(network: network, std: 0))
        } else {
            pretrained = nil
        }
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        let trainRows = try LabelledRows(train)
        // An empty validation batch is treated as none (a holdout slice of train is used instead).
        let validationRows = try validation.flatMap { $0.count > 0 ? try LabelledRows($0) : nil }
        if let validationRows, validationRows.features.columns != trainRows.features.columns {
            throw PluginError.invalid(
                "validation has \(validationRows.features.columns) feature columns, training \(trainRows.features.columns)")
        }
        guard trainRows.count > 0 else { throw PluginError.invalid("cannot fit on zero rows") }
        switch settings.recipe {
        case .none:
            guard let pretrained else { throw PluginError.state("recipe=none has no pretrained network") }
            let check = validationRows ?? trainRows
            let single = SingleNetworkModel(network: pretrained, std: 0)
            let predictions = try single.predict(check.features).mean
            model = .single(SingleNetworkModel(network: pretrained, std: rootMeanSquaredError(predictions, check.targets)))
        case .paper:
            model = .single(
                try PaperRecipe.fit(
                    train: trainRows, validation: validationRows, settings: settings, initial: pretrained, seed: seed, progress: progress))
        case .default:
            model = .hybrid(
                try HybridModel.fit(train: trainRows, validation: validationRows, settings: settings, seed: seed, progress: progress))
        }
    }

    func adapt(shots: BatchView, seed: UInt64, progress: ProgressReporter) throws {
        guard let model else { throw PluginError.state("adapt called before fit, load or pretrained weights") }
        let rows = try LabelledRows(shots)
        guard rows.count > 0 else { throw PluginError.invalid("adapt needs at least one shot") }
        guard rows.features.columns == model.inputCount else {
            throw PluginError.invalid("the shots have \(rows.features.columns) feature columns, the model takes \(model.inputCount)")
        }
        switch model {
        case .single(var single):
            let hidden = single.network.predict(rows.features, throughLayer: single.network.layers.count - 1)
            _ = try retrainLastLayer(
                &single.network, hidden: hidden, extra: nil, extraWeight: 0, targets: rows.targets, penalty: settings.adaptPenalty)
            self.model = .single(single)
        case .hybrid(var hybrid):
            try hybrid.adapt(rows, penalty: settings.adaptPenalty)
            self.model = .hybrid(hybrid)
        }
        try progress.report(1, "adapted the last layer on \(rows.count) shots")
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let model else { throw PluginError.state("predict called before fit or load (or give pretrained=PATH)") }
        guard batch.count > 0 else { return }
        let result = try model.predict(batch)
        for row in 0..<batch.count {
            mean[row] = Self.predictsLatency ? LatencyFloor.apply(result.mean[row]) : result.mean[row]
            std?[row] = result.std[row]
        }
    }

    func save() throws -> [UInt8] {
        guard let model else { throw PluginError.state("nothing to save before fit (or pretrained weights)") }
        return model.encoded()
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        model = try FittedModel(decoding: bytes)
    }
}

/// The same plugin registered as an accuracy predictor (e.g. OFA's 128-400-400-400-1 accuracy
/// MLP with `pretrained=data/models/ofa_accuracy_predictor/weights.f32`).
final class MLPAccuracyPredictor: MLPEstimator {
    override class var name: String { "mlp-accuracy" }
    override class var summary: String {
        "MLP accuracy predictor over features (e.g. OFA's pretrained accuracy MLP); same options as mlp"
    }
    override class var functions: [ExtensionFunction] { [] }
    override class var predictsLatency: Bool { false }
}

/// `convert_weights(input, output)`: writes the compact format of the weights at `input`.
private let convertWeights: @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32 = { input, output in
    guard let input, let output else { return 1 }
    do {
        try PretrainedWeights.convert(input: String(cString: input), output: String(cString: output))
        return 0
    } catch {
        FileHandle.standardError.write(Data("convert_weights: \(error)\n".utf8))
        return 1
    }
}
