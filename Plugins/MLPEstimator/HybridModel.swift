import Foundation
import LatKitNumerics
import LatKitPluginKit
import LatKitRandom

/// The default recipe: an additive ridge model (over paper128 interaction features when the
/// features have that layout, else over the raw features) plus an ensemble of small MLPs, each
/// fitted with Adam on the standardised residual of the ridge model and stopped early on the
/// validation rows. The prediction is the ridge value plus the members' mean residual; the
/// members' spread is the standard deviation.
struct HybridModel {
    /// Which additive model is used (stored as its raw value in saved states).
    enum Linear: UInt8 {
        case off = 0
        case raw = 1
        case ofaPaper128 = 2
    }

    var linear: Linear
    /// Feature columns the model takes.
    var inputCount: Int
    /// The additive model; nil when `linear` is `.off`.
    var ridge: RidgeRegression?
    /// Standardises the networks' inputs: features, summary columns, ridge prediction.
    var inputScaler: Standardizer
    /// Maps residuals (targets minus ridge prediction) to the networks' output scale.
    var residualScaler: TargetScaler
    var members: [MultilayerPerceptron]
    /// Per member, a coefficient on the ridge prediction added to the member's output (in
    /// residual units); 0 until `adapt` learns one for a new device.
    var baseGains: [Double]

    /// Columns of a network input row for this model.
    static func networkInputCount(linear: Linear, inputCount: Int) -> Int {
        inputCount + (linear == .ofaPaper128 ? OFAPaper128Interactions.summaryCount : 0) + (linear == .off ? 0 : 1)
    }

    // MARK: Prediction

    /// The additive part for every row.
    func basePrediction(_ features: Matrix) -> [Double] {
        guard let ridge else { return [Double](repeating: 0, count: features.rows) }
        switch linear {
        case .off: return [Double](repeating: 0, count: features.rows)
        case .raw: return ridge.predict(features)
        case .ofaPaper128: return Self.ofaPrediction(ridge, features)
        }
    }

    /// The ridge model over paper128 interactions, evaluated from each row's non-zero columns.
    static func ofaPrediction(_ ridge: RidgeRegression, _ features: Matrix) -> [Double] {
        var result = [Double](repeating: ridge.intercept, count: features.rows)
        features.values.withUnsafeBufferPointer { values in
            ridge.weights.withUnsafeBufferPointer { weights in
                for row in 0..<features.rows {
                    var sum = 0.0
                    OFAPaper128Interactions.forEachNonzero(values.baseAddress! + row * features.columns) { column, value in
                        sum += weights[column] * Double(value)
                    }
                    result[row] += sum
                }
            }
        }
        return result
    }

    /// The dense interaction matrix of rows that have the paper128 layout.
    static func ofaExpansion(_ features: Matrix) -> Matrix {
        var expanded = Matrix(rows: features.rows, columns: OFAPaper128Interactions.outputCount)
        let width = expanded.columns
        features.values.withUnsafeBufferPointer { values in
            expanded.values.withUnsafeMutableBufferPointer { out in
                for row in 0..<features.rows {
                    OFAPaper128Interactions.forEachNonzero(values.baseAddress! + row * features.columns) { column, value in
                        out[row * width + column] = value
                    }
                }
            }
        }
        return expanded
    }

    /// Network inputs (unstandardised): features, the paper128 summary columns, the ridge prediction.
    static func networkInputs(linear: Linear, features: Matrix, base: [Double]) -> Matrix {
        let width = networkInputCount(linear: linear, inputCount: features.columns)
        var inputs = Matrix(rows: features.rows, columns: width)
        let columns = features.columns
        features.values.withUnsafeBufferPointer { values in
            inputs.values.withUnsafeMutableBufferPointer { out in
                for row in 0..<features.rows {
                    let target = out.baseAddress! + row * width
                    let source = values.baseAddress! + row * columns
                    target.update(from: source, count: columns)
                    if linear == .ofaPaper128 { OFAPaper128Interactions.summary(source, into: target + columns) }
                    if linear != .off { target[width - 1] = Float(base[row]) }
                }
            }
        }
        return inputs
    }

    /// Mean and ensemble standard deviation for every row.
    func predict(_ features: Matrix) throws -> (mean: [Double], std: [Double]) {
        if linear == .ofaPaper128 {
            for row in 0..<features.rows {
                let problem = features.values.withUnsafeBufferPointer {
                    OFAPaper128Interactions.validationError($0.baseAddress! + row * features.columns)
                }
                if let problem { throw PluginError.invalid("row \(row) is not a paper128 encoding: \(problem)") }
            }
        }
        let base = basePrediction(features)
        var inputs = Self.networkInputs(linear: linear, features: features, base: base)
        inputScaler.apply(&inputs)
        var sum = [Double](repeating: 0, count: features.rows)
        var squares = [Double](repeating: 0, count: features.rows)
        for (memberIndex, member) in members.enumerated() {
            let outputs = member.predict(inputs)
            let gain = baseGains[memberIndex]
            for row in 0..<features.rows {
                let value = residualScaler.inverse(Double(outputs.values[row]) + gain * base[row])
                sum[row] += value
                squares[row] += value * value
            }
        }
        let count = Double(members.count)
        var mean = [Double](repeating: 0, count: features.rows)
        var std = [Double](repeating: 0, count: features.rows)
        for row in 0..<features.rows {
            let average = sum[row] / count
            mean[row] = base[row] + average
            std[row] = max(squares[row] / count - average * average, 0).squareRoot()
        }
        return (mean, std)
    }

    /// Standardised network inputs of some feature rows, and their ridge predictions.
    func preparedInputs(_ features: Matrix) -> (inputs: Matrix, base: [Double]) {
        let base = basePrediction(features)
        var inputs = Self.networkInputs(linear: linear, features: features, base: base)
        inputScaler.apply(&inputs)
        return (inputs, base)
    }

    // MARK: Adapting

    /// Retrains each member's last layer (and its gain on the ridge prediction) on a few rows of a
    /// new device, everything else frozen: ridge regression pulled towards the current weights.
    mutating func adapt(_ shots: LabelledRows, penalty: Double) throws {
        let (inputs, base) = preparedInputs(shots.features)
        let targets = zip(shots.targets, base).map { residualScaler.forward($0 - $1) }
        // The gain enters as gamma * base / scale, gamma being the fraction of the ridge prediction
        // added (1.6 for a device 2.6 times slower), so that the penalty barely restrains it.
        let scale = residualScaler.scale
        let extra = base.map { $0 / scale }
        for index in members.indices {
            let hidden = members[index].predict(inputs, throughLayer: members[index].layers.count - 1)
            let fraction = try retrainLastLayer(
                &members[index], hidden: hidden, extra: extra, extraWeight: baseGains[index] * scale, targets: targets, penalty: penalty)
            baseGains[index] = fraction / scale
        }
    }

    // MARK: Fitting

    /// Fits the recipe. Without `validation`, a seeded `holdout` slice of `train` chooses the ridge
    /// penalty and stops the networks (each member draws its own slice).
    static func fit(
        train: LabelledRows, validation: LabelledRows?, settings: MLPSettings, seed: UInt64, progress: ProgressReporter
    ) throws -> HybridModel {
        guard train.count >= 2 else { throw PluginError.invalid("the default recipe needs at least 2 training rows") }
        var generator = SeededGenerator(seed: seed)
        let linear = try resolveLinear(settings.linear, train.features)
        let firstSplit =
            try validation.map { (fit: train, holdout: $0) }
            ?? train.splitHoldout(fraction: settings.holdout, generator: &generator)

        var ridge: RidgeRegression?
        if linear != .off {
            let expand: (Matrix) -> Matrix = linear == .ofaPaper128 ? ofaExpansion : { $0 }
            let chosen = try RidgeRegression.fit(
                features: expand(firstSplit.fit.features), targets: firstSplit.fit.targets, lambdas: settings.lambdas,
                validation: (expand(firstSplit.holdout.features), firstSplit.holdout.targets), standardize: linear == .raw)
            ridge = chosen.model
            if validation == nil {
                ridge = try RidgeRegression.fit(
                    features: expand(train.features), targets: train.targets, lambda: chosen.model.lambda,
                    standardize: linear == .raw)
            }
        }
        var model = HybridModel(
            linear: linear, inputCount: train.features.columns, ridge: ridge, inputScaler: Standardizer(means: [], scales: []),
            residualScaler: TargetScaler(mean: 0, scale: 1), members: [], baseGains: [])
        let trainBase = model.basePrediction(train.features)
        let trainInputs = networkInputs(linear: linear, features: train.features, base: trainBase)
        model.inputScaler = Standardizer(fitting: trainInputs)
        model.residualScaler = TargetScaler(fitting: zip(train.targets, trainBase).map { $0 - $1 })

        /// Standardised network inputs and residual targets of some rows.
        func prepared(_ rows: LabelledRows) -> (inputs: Matrix, targets: [Float]) {
            let (inputs, base) = model.preparedInputs(rows.features)
            return (inputs, zip(rows.targets, base).map { Float(model.residualScaler.forward($0 - $1)) })
        }

        let widths = [networkInputCount(linear: linear, inputCount: train.features.columns)] + settings.hidden + [1]
        for member in 0..<settings.ensemble {
            var memberGenerator = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(member + 1))
            let split =
                member == 0 || validation != nil
                ? firstSplit : try train.splitHoldout(fraction: settings.holdout, generator: &memberGenerator)
            let fitRows = prepared(split.fit)
            let stopRows = prepared(split.holdout)
            var network = try MultilayerPerceptron(
                layers: zip(widths, widths.dropFirst()).map {
                    DenseLayer(inputs: $0, outputs: $1, initialization: .heNormal, generator: &memberGenerator)
                })
            var best = (loss: Double.infinity, network: network, epoch: -1)
            var optimizer = Adam(learningRate: settings.learningRate, weightDecay: settings.weightDecay)
            let training = MiniBatchTraining(batchSize: settings.batchSize, epochs: settings.epochs, loss: .meanSquaredError)
            try training.run(
                &network, inputs: fitRows.inputs, targets: fitRows.targets, optimizer: &optimizer, generator: &memberGenerator,
                learningRate: { settings.learningRate * 0.5 * (1 + cos(Double.pi * Double($0) / Double(settings.epochs))) }
            ) { epoch, current, _ in
                let outputs = current.predict(stopRows.inputs)
                var loss = 0.0
                for (output, target) in zip(outputs.values, stopRows.targets) { loss += Double((output - target) * (output - target)) }
                if loss < best.loss { best = (loss, current, epoch) }
                let done = Double(member) + Double(epoch + 1) / Double(settings.epochs)
                try progress.report(done / Double(settings.ensemble), "network \(member + 1)/\(settings.ensemble) epoch \(epoch + 1)")
                return epoch - best.epoch < settings.patience
            }
            model.members.append(best.network)
            model.baseGains.append(0)
        }
        return model
    }

    /// The additive model an option value stands for on these features.
    static func resolveLinear(_ option: MLPSettings.LinearPart, _ features: Matrix) throws -> Linear {
        let isPaper128 = features.values.withUnsafeBufferPointer {
            OFAPaper128Interactions.matches($0, rows: features.rows, columns: features.columns)
        }
        switch option {
        case .auto: return isPaper128 ? .ofaPaper128 : .raw
        case .raw: return .raw
        case .off: return .off
        case .ofa:
            guard isPaper128 else {
                throw PluginError.invalid(
                    "option linear=ofa needs the paper128 OFA encoding (128 one-hot columns); these features have \(features.columns) columns or another layout"
                )
            }
            return .ofaPaper128
        }
    }
}
