import Foundation
import LatKitLearning
import LatKitNumerics
import LatKitPluginABI
import LatKitPluginKit
import LatKitRandom

/// The `finetune` latency estimator: `fit` trains the default `mlp` hybrid on a base device's
/// rows (e.g. the Note10 lookup-table sums); `adapt` moves it to a target device from a few of
/// its rows by one `FinetuneStrategy`, or (`strategy=auto`) by the one with the lowest K-fold
/// cross-validated RMSE on those rows. After `adapt`, the standard deviation is a constant
/// calibrated (split-conformal) on the chosen strategy's cross-validation residuals; before, it is
/// the base model's calibrated std. The strategy used is reported through progress and kept in
/// the saved state (byte 6, see `FinetuneState`).
final class FinetuneEstimator: EstimatorPlugin {
    static var name: String { "finetune" }
    static var version: String { "1.0.0" }
    static var summary: String {
        "mlp's default hybrid fitted on a base device, adapted to a target device from a few rows (paper, full, affine or stacked transfer, chosen by cross-validation)"
    }
    static var optionsHelp: String {
        """
        strategy=auto  adapt: paper (the OFANAS paper's transfer: everything frozen, the last layer of each residual network and its gain on the additive part retrained by ridge regression), full (paper, then all layers trained on the shots with Adam at finetune_lr), affine (log target = a log(base prediction) + b), stack (the default hybrid refitted on the shots with the base model's prediction as an unpenalized ridge column: few shots leave about a rescaled base model, many learn the target's own structure), auto (the one with the lowest `folds`-fold cross-validated RMSE on the shots; reported through progress and in the saved state)
        folds=5  adapt: cross-validation folds on the shots (at most one per shot); their out-of-fold residuals also calibrate the std after adapt (mean +- 1.645 std covers about 90%)
        finetune_lr=0.0001  adapt, strategy=full: Adam learning rate
        finetune_epochs=100  adapt, strategy=full: epochs over the shots
        fit takes the default recipe's options (below); recipe= and pretrained= do not apply

        """ + MLPSettings.help
    }
    static var views: Int { Int(LATKIT_VIEW_FEATURES | LATKIT_VIEW_OPERATORS | LATKIT_VIEW_COST) }
    static var capabilities: Int { Int(LATKIT_CAN_FIT | LATKIT_CAN_ADAPT | LATKIT_HAS_STD | LATKIT_CAN_SAVE) }
    static var functions: [ExtensionFunction] { [] }

    /// The fewest shots `adapt` takes (cross-validation needs a few rows per fold).
    static let minimumShots = 5

    private let settings: MLPSettings
    /// The requested strategy; nil for auto.
    private let requested: FinetuneStrategy?
    private let folds: Int
    private let learningRate: Double
    private let epochs: Int
    private var state: FinetuneState?

    required init(options: PluginOptions) throws {
        let name = try options.choice("strategy", default: "auto", allowed: ["auto"] + FinetuneStrategy.allCases.map(\.name))
        requested = FinetuneStrategy(name: name)
        folds = try options.int("folds", default: 5, in: 2...100)
        learningRate = try options.double("finetune_lr", default: 1e-4, in: 1e-8...1)
        epochs = try options.int("finetune_epochs", default: 100, in: 1...100_000)
        settings = try MLPSettings(options: options)
        guard settings.recipe == .default else {
            throw PluginError.invalid("finetune fits the default recipe; options recipe= and pretrained= do not apply")
        }
        if settings.linear == .off, requested == nil || requested == .stack {
            throw PluginError.invalid(
                "strategy=\(name) needs the additive part; linear=off leaves it out (use strategy=paper, full or affine)")
        }
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        let trainRows = try LabelledRows(train)
        let validationRows = try validation.flatMap { $0.count > 0 ? try LabelledRows($0) : nil }
        if let validationRows, validationRows.features.columns != trainRows.features.columns {
            throw PluginError.invalid(
                "validation has \(validationRows.features.columns) feature columns, training \(trainRows.features.columns)")
        }
        let base = try HybridModel.fit(train: trainRows, validation: validationRows, settings: settings, seed: seed, progress: progress)
        state = FinetuneState(requested: requested, base: base, adapted: nil, std: 0, scores: [])
    }

    func adapt(shots: BatchView, seed: UInt64, progress: ProgressReporter) throws {
        guard let state else { throw PluginError.state("adapt called before fit or load: finetune adapts a fitted base model") }
        let rows = try LabelledRows(shots)
        guard rows.count >= Self.minimumShots else {
            throw PluginError.invalid(
                "finetune's adapt needs at least \(Self.minimumShots) shots (it cross-validates on them); got \(rows.count)")
        }
        guard rows.features.columns == state.base.inputCount else {
            throw PluginError.invalid("the shots have \(rows.features.columns) feature columns, the model takes \(state.base.inputCount)")
        }
        if let row = rows.targets.firstIndex(where: { $0 <= 0 }) {
            throw PluginError.invalid(
                "shot \(row) has latency \(rows.targets[row]); finetune needs positive latencies (affine works on their logs)")
        }
        let candidates = requested.map { [$0] } ?? FinetuneStrategy.allCases
        let foldCount = min(folds, rows.count)
        var order = Array(0..<rows.count)
        var generator = SeededGenerator(seed: seed ^ 0xF01D_5EED)
        generator.shuffle(&order)
        var scores: [(strategy: FinetuneStrategy, rmse: Double)] = []
        var best: (strategy: FinetuneStrategy, rmse: Double, residuals: [Double])?
        for (index, strategy) in candidates.enumerated() {
            var residuals: [Double] = []
            do {
                for fold in 0..<foldCount {
                    let held = order.indices.filter { $0 % foldCount == fold }.map { order[$0] }.sorted()
                    let kept = order.indices.filter { $0 % foldCount != fold }.map { order[$0] }.sorted()
                    let heldRows = rows.subset(held)
                    let model = try train(strategy, base: state.base, rows: rows.subset(kept), seed: seed &+ UInt64(fold))
                    let predicted = try Self.predict(model, base: state.base, features: heldRows.features, costs: heldRows.costs) {
                        try $0.operatorCounts(heldRows)
                    }
                    residuals += zip(heldRows.targets, predicted).map { $0 - $1 }
                    let done = (Double(index) + Double(fold + 1) / Double(foldCount)) / Double(candidates.count + 1)
                    try progress.report(done, "cross-validating \(strategy.name): fold \(fold + 1)/\(foldCount)")
                }
            } catch {
                // auto: a strategy that cannot be fitted on these shots just loses (cancelling still stops).
                if requested != nil || (error as? PluginError)?.status == PluginError.cancelled.status { throw error }
                scores.append((strategy, .infinity))
                continue
            }
            let rmse = (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
            scores.append((strategy, rmse.isFinite ? rmse : .infinity))
            if rmse.isFinite, best == nil || rmse < best!.rmse { best = (strategy, rmse, residuals) }
        }
        guard let best else { throw PluginError.invalid("no strategy gave finite cross-validated predictions on these shots") }
        let adapted = try train(best.strategy, base: state.base, rows: rows, seed: seed)
        self.state = FinetuneState(
            requested: requested, base: state.base, adapted: adapted, std: SpreadCalibration.constant(residuals: best.residuals),
            scores: scores)
        let table = scores.map { String(format: "%@ %.4g", $0.strategy.name, $0.rmse) }.joined(separator: ", ")
        try progress.report(1, "finetune: strategy \(best.strategy.name) on \(rows.count) shots (\(foldCount)-fold CV RMSE: \(table))")
    }

    /// Moves `base` to the device of `rows` by `strategy`.
    private func train(_ strategy: FinetuneStrategy, base: HybridModel, rows: LabelledRows, seed: UInt64) throws -> AdaptedModel {
        switch strategy {
        case .paper, .full:
            var model = base
            try model.adaptLastLayers(rows, penalty: settings.adaptPenalty)
            if strategy == .full {
                try model.fineTuneMembers(rows, learningRate: learningRate, epochs: epochs, batchSize: settings.batchSize, seed: seed)
            }
            return .networks(model, strategy)
        case .affine:
            let basePredictions = try base.predict(rows.features, operators: try base.operatorCounts(rows), costs: rows.costs).mean
            let line = FinetuneMath.line(x: basePredictions.map(FinetuneMath.log(base:)), y: rows.targets.map { log($0) })
            return .affine(a: line.a, b: line.b)
        case .stack:
            let basePredictions = try base.predict(rows.features, operators: try base.operatorCounts(rows), costs: rows.costs).mean
            let batchCosts = settings.cost ? min(rows.costs?.count ?? 0, MLPSettings.costColumnCount) : 0
            var stackSettings = settings
            stackSettings.cost = true
            stackSettings.costColumnLimit = batchCosts + 1
            stackSettings.calibrate = false
            let stackRows = LabelledRows(
                features: rows.features, targets: rows.targets, operators: rows.operators,
                costs: FinetuneMath.stackCosts(rows.costs, base: basePredictions, limit: batchCosts))
            return .stack(try HybridModel.fit(train: stackRows, validation: nil, settings: stackSettings, seed: seed, progress: .silent))
        }
    }

    /// Mean predictions of `model` (`base` gives the base device's predictions it builds on).
    private static func predict(
        _ model: AdaptedModel, base: HybridModel, features: Matrix, costs: [[Double]]?, counts: (HybridModel) throws -> OperatorCounts?
    ) throws -> [Double] {
        switch model {
        case .networks(let hybrid, _):
            return try hybrid.predict(features, operators: try counts(hybrid), costs: costs).mean
        case .affine, .stack:
            let basePredictions = try base.predict(features, operators: try counts(base), costs: costs).mean
            return try model.predict(features: features, costs: costs, base: basePredictions, resolve: counts)
        }
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let state else { throw PluginError.state("predict called before fit or load") }
        guard batch.count > 0 else { return }
        let features = try featureMatrix(batch, expectedColumns: state.base.inputCount)
        let costs = try batchCosts(batch)
        let counts: (HybridModel) throws -> OperatorCounts? = { model in try model.operatorKeys.map { try $0.counts(batch) } }
        let result: (mean: [Double], std: [Double])
        if let adapted = state.adapted {
            let values = try Self.predict(adapted, base: state.base, features: features, costs: costs, counts: counts)
            result = (values, [Double](repeating: state.std, count: values.count))
        } else {
            result = try state.base.predict(features, operators: try counts(state.base), costs: costs)
        }
        for row in 0..<batch.count {
            mean[row] = LatencyFloor.apply(result.mean[row])
            std?[row] = result.std[row]
        }
    }

    func save() throws -> [UInt8] {
        guard let state else { throw PluginError.state("nothing to save before fit") }
        return state.encoded()
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        state = try FinetuneState(decoding: bytes)
    }
}
