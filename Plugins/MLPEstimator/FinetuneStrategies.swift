import Foundation
import LatKitLearning
import LatKitNumerics
import LatKitPluginKit
import LatKitRandom

/// How `finetune` moves its base model (fitted on one device) to a target device from a few rows.
enum FinetuneStrategy: UInt8, CaseIterable {
    /// The OFANAS paper's transfer: every layer frozen, the last layer of each residual network
    /// retrained (with its gain on the additive part) by ridge regression; the same networks then predict.
    case paper = 1
    /// `paper`, then every layer of every residual network trained on the shots with Adam at a
    /// small learning rate.
    case full = 2
    /// log(target) = a · log(base prediction) + b, least squares on the shots.
    case affine = 3
    /// The default hybrid refitted on the shots with the base model's prediction as an extra
    /// unpenalized ridge column: few shots (a heavy penalty) leave about a + b · base + c · MACs +
    /// d · parameters, a rescaled base model; many shots learn structure of the target device.
    /// (Targets and column in ms, not logs: the additive part is a sum over operators in ms.)
    case stack = 4

    var name: String {
        switch self {
        case .paper: return "paper"
        case .full: return "full"
        case .affine: return "affine"
        case .stack: return "stack"
        }
    }

    init?(name: String) {
        guard let strategy = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = strategy
    }
}

/// A base model moved to the target device by one strategy: what it needs to predict.
enum AdaptedModel {
    /// `paper` and `full`: the base hybrid with changed residual networks.
    case networks(HybridModel, FinetuneStrategy)
    /// `affine`: exp(a · log base + b).
    case affine(a: Double, b: Double)
    /// `stack`: the hybrid fitted on the shots; its last cost column is the base's prediction.
    case stack(HybridModel)

    var strategy: FinetuneStrategy {
        switch self {
        case .networks(_, let strategy): return strategy
        case .affine: return .affine
        case .stack: return .stack
        }
    }

    /// Mean predictions (ms) for rows whose base-model predictions are `base`; `resolve` gives a
    /// hybrid's operator counts of these rows.
    func predict(features: Matrix, costs: [[Double]]?, base: [Double], resolve: (HybridModel) throws -> OperatorCounts?) throws
        -> [Double]
    {
        switch self {
        case .networks(let model, _):
            return try model.predict(features, operators: try resolve(model), costs: costs).mean
        case .affine(let a, let b):
            return base.map { exp(a * FinetuneMath.log(base: $0) + b) }
        case .stack(let model):
            let columns = FinetuneMath.stackCosts(costs, base: base, limit: model.costScalers.count - 1)
            return try model.predict(features, operators: try resolve(model), costs: columns).mean
        }
    }
}

/// Small helpers shared by the strategies.
enum FinetuneMath {
    /// The smallest base prediction (ms) whose logarithm is taken; smaller (or non-positive)
    /// predictions are raised to it so that the log stays finite.
    static let smallestBase = 1e-6

    static func log(base value: Double) -> Double { Foundation.log(max(value, smallestBase)) }

    /// The stacked model's cost columns: the first `limit` of the batch's (MACs, parameters), then
    /// the base's prediction (ms).
    static func stackCosts(_ costs: [[Double]]?, base: [Double], limit: Int) -> [[Double]] {
        Array((costs ?? []).prefix(max(limit, 0))) + [base]
    }

    /// Least-squares a, b of y = a x + b; a = 1 when x is (nearly) constant.
    static func line(x: [Double], y: [Double]) -> (a: Double, b: Double) {
        let count = Double(x.count)
        let meanX = x.reduce(0, +) / count
        let meanY = y.reduce(0, +) / count
        var sxx = 0.0
        var sxy = 0.0
        for (u, v) in zip(x, y) {
            sxx += (u - meanX) * (u - meanX)
            sxy += (u - meanX) * (v - meanY)
        }
        let a = sxx > 1e-12 * max(count, 1) ? sxy / sxx : 1
        return (a, meanY - a * meanX)
    }
}

extension HybridModel {
    /// Re-expresses the residual networks on `scaler` (e.g. fitted to a target device's residuals)
    /// without changing any prediction: each member's last layer and base gain are rescaled by
    /// old scale / new scale and the bias shifted by the change of mean. Retraining the last layer
    /// afterwards works in units of the target device's residuals, not the base device's (the
    /// Note10 table's residuals are about 1e-3 ms, which would make any penalty meaningless).
    mutating func rescaleResidual(to scaler: TargetScaler) {
        let ratio = residualScaler.scale / scaler.scale
        let shift = Float((residualScaler.mean - scaler.mean) / scaler.scale)
        for index in members.indices {
            let last = members[index].layers.count - 1
            for column in members[index].layers[last].weights.values.indices {
                members[index].layers[last].weights.values[column] *= Float(ratio)
            }
            members[index].layers[last].bias[0] = members[index].layers[last].bias[0] * Float(ratio) + shift
            baseGains[index] *= ratio
        }
        residualScaler = scaler
    }

    /// The `paper` strategy: residuals re-expressed on the shots' scale, then each member's last
    /// layer and base gain retrained (`adapt`).
    mutating func adaptLastLayers(_ shots: LabelledRows, penalty: Double) throws {
        let (_, base) = try preparedInputs(shots)
        rescaleResidual(to: TargetScaler(fitting: zip(shots.targets, base).map { $0 - $1 }))
        try adapt(shots, penalty: penalty)
    }

    /// The rest of the `full` strategy: every layer of every member trained on the shots for
    /// `epochs` epochs with Adam at `learningRate` (mean squared error on the residual scale; the
    /// base gains stay as they are).
    mutating func fineTuneMembers(_ shots: LabelledRows, learningRate: Double, epochs: Int, batchSize: Int, seed: UInt64) throws {
        let (inputs, base) = try preparedInputs(shots)
        var generator = SeededGenerator(seed: seed ^ 0xF1_7E7E)
        for index in members.indices {
            let targets = zip(shots.targets, base).map { Float(residualScaler.forward($0 - $1) - baseGains[index] * $1) }
            var optimizer = Adam(learningRate: learningRate)
            let training = MiniBatchTraining(batchSize: batchSize, epochs: epochs, loss: .meanSquaredError)
            training.run(
                &members[index], inputs: inputs, targets: targets, optimizer: &optimizer, generator: &generator,
                learningRate: { _ in learningRate }
            ) { _, network, _ in
                // Stop (keeping the last finite weights) rather than carry NaNs into the model.
                network.layers.allSatisfy { $0.weights.values.allSatisfy(\.isFinite) && $0.bias.allSatisfy(\.isFinite) }
            }
        }
        guard members.allSatisfy({ $0.layers.allSatisfy { $0.weights.values.allSatisfy(\.isFinite) } }) else {
            throw PluginError.invalid("full fine-tuning diverged (non-finite weights); lower finetune_lr")
        }
    }
}
