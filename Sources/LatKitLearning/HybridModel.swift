import Foundation
import LatKitNumerics
import LatKitPluginKit
import LatKitRandom

/// The default recipe: an additive ridge model (over paper128 interaction features when the
/// features have that layout, else over the raw features, over per-key operator counts when
/// the batch carries operators, and over MACs and parameters, unpenalized, when it carries costs)
/// plus an ensemble of small MLPs, each
/// fitted with Adam on the standardised residual of the ridge model and stopped early on the
/// validation rows. The prediction is the ridge value plus the members' mean residual; the
/// standard deviation is the members' spread, calibrated on held-out rows (see `stdScale`).
///
/// The cost columns are not penalised, so that when the validation rows call for a heavy penalty
/// (few training rows) the additive part falls back to about `a + b · MACs + c · params`, and with
/// many rows the penalised columns take over.
package struct HybridModel {
    /// Which additive model is used (stored as its raw value in saved states).
    package enum Linear: UInt8 {
        case off = 0
        case raw = 1
        case ofaPaper128 = 2
    }

    package var linear: Linear
    /// Feature columns the model takes.
    package var inputCount: Int
    /// The additive model; nil when `linear` is `.off`. Its weights are the feature columns
    /// (`featureColumnCount`), then one per key of `operatorKeys`, then one per cost column.
    package var ridge: RidgeRegression?
    /// The operator keys with a ridge column each (learned at fit); nil when the additive part
    /// uses no operators. Keys a predicted row has that are not here contribute 0.
    package var operatorKeys: OperatorVocabulary?
    /// Standardises the cost columns (MACs, parameters) that have an unpenalized ridge column
    /// each; empty when the additive part uses no costs.
    package var costScalers: [TargetScaler]
    /// Standardises the networks' inputs: features, summary columns, ridge prediction.
    package var inputScaler: Standardizer
    /// Maps residuals (targets minus ridge prediction) to the networks' output scale.
    package var residualScaler: TargetScaler
    package var members: [MultilayerPerceptron]
    /// Per member, a coefficient on the ridge prediction added to the member's output (in
    /// residual units); 0 until `adapt` learns one for a new device.
    package var baseGains: [Double]
    /// The reported standard deviation is `stdScale * (spread + stdOffset)`, `spread` being the
    /// members' standard deviation: split-conformal calibration on held-out rows (see
    /// `SpreadCalibration`). `stdOffset` (a multiple of the held-out rows' median spread, chosen
    /// there) is the floor that keeps a zero spread from giving a zero std. States written before calibration load as 1 and 0.
    package var stdScale: Double = 1
    package var stdOffset: Double = 0

    /// Columns of a network input row for this model.
    package static func networkInputCount(linear: Linear, inputCount: Int) -> Int {
        inputCount + (linear == .ofaPaper128 ? OFAPaper128Interactions.summaryCount : 0) + (linear == .off ? 0 : 1)
    }

    /// Ridge columns that come from the features (before the operator columns).
    package static func featureColumnCount(linear: Linear, inputCount: Int) -> Int {
        switch linear {
        case .off: return 0
        case .raw: return inputCount
        case .ofaPaper128: return OFAPaper128Interactions.outputCount
        }
    }

    // MARK: Prediction

    /// The operator counts of `rows` in this model's operator columns; nil when it has none.
    package func operatorCounts(_ rows: LabelledRows) throws -> OperatorCounts? {
        guard let operatorKeys else { return nil }
        guard let operators = rows.operators else {
            throw PluginError.invalid("the model was fitted with operator columns; the batch lacks the 'operators' view")
        }
        return operatorKeys.counts(operators)
    }

    /// The standardised cost columns of `costs` (MACs, parameters as a batch gives them) for this
    /// model's cost weights; nil when it has none.
    package func costColumns(_ costs: [[Double]]?) throws -> [[Double]]? {
        guard !costScalers.isEmpty else { return nil }
        guard let costs, costs.count >= costScalers.count else {
            throw PluginError.invalid("the model was fitted with cost columns; the batch lacks the 'cost' view")
        }
        return zip(costScalers, costs).map { scaler, values in values.map(scaler.forward) }
    }

    /// The additive part for every row (`operators` as resolved by `operatorKeys`, which must be
    /// given when the model has operator columns; `costs` as from `costColumns`).
    package func basePrediction(_ features: Matrix, operators: OperatorCounts?, costs: [[Double]]?) -> [Double] {
        guard let ridge else { return [Double](repeating: 0, count: features.rows) }
        var result: [Double]
        switch linear {
        case .off: return [Double](repeating: 0, count: features.rows)
        case .raw: result = Self.rawPrediction(ridge, features)
        case .ofaPaper128: result = Self.ofaPrediction(ridge, features)
        }
        if operatorKeys != nil, let operators {
            let first = Self.featureColumnCount(linear: linear, inputCount: inputCount)
            ridge.weights.withUnsafeBufferPointer { weights in
                for row in 0..<features.rows {
                    var sum = 0.0
                    for entry in operators.offsets[row]..<operators.offsets[row + 1] {
                        sum += operators.counts[entry] * weights[first + operators.columns[entry]]
                    }
                    result[row] += sum
                }
            }
        }
        if let costs {
            let first = ridge.weights.count - costs.count
            for (index, column) in costs.enumerated() {
                let weight = ridge.weights[first + index]
                for row in 0..<features.rows { result[row] += weight * column[row] }
            }
        }
        return result
    }

    /// The ridge model's raw-feature columns (the first `features.columns` weights) per row.
    package static func rawPrediction(_ ridge: RidgeRegression, _ features: Matrix) -> [Double] {
        featurePrediction(ridge, features) { x, body in
            for column in 0..<features.columns where x[column] != 0 { body(column, x[column]) }
        }
    }

    /// The ridge model over paper128 interactions, evaluated from each row's non-zero columns.
    package static func ofaPrediction(_ ridge: RidgeRegression, _ features: Matrix) -> [Double] {
        featurePrediction(ridge, features) { x, body in OFAPaper128Interactions.forEachNonzero(x, body) }
    }

    /// Intercept plus the ridge weights of the (column, value) pairs `nonzeros` lists for each row.
    @inline(__always)
    package static func featurePrediction(
        _ ridge: RidgeRegression, _ features: Matrix, nonzeros: (UnsafePointer<Float>, (Int, Float) -> Void) -> Void
    ) -> [Double] {
        var result = [Double](repeating: ridge.intercept, count: features.rows)
        features.values.withUnsafeBufferPointer { values in
            ridge.weights.withUnsafeBufferPointer { weights in
                for row in 0..<features.rows {
                    var sum = 0.0
                    nonzeros(values.baseAddress! + row * features.columns) { column, value in sum += weights[column] * Double(value) }
                    result[row] += sum
                }
            }
        }
        return result
    }

    /// The additive part's sparse design: per row the feature columns (paper128 interactions, or
    /// the raw features' non-zeros), then the operator counts, then the (standardised) costs.
    package static func design(linear: Linear, features: Matrix, operators: OperatorCounts?, keyCount: Int, costs: [[Double]]?) throws
        -> SparseRowMatrix
    {
        let first = featureColumnCount(linear: linear, inputCount: features.columns)
        var offsets = [0]
        var columns: [Int] = []
        var entries: [Double] = []
        offsets.reserveCapacity(features.rows + 1)
        features.values.withUnsafeBufferPointer { values in
            for row in 0..<features.rows {
                let x = values.baseAddress! + row * features.columns
                switch linear {
                case .off: break
                case .raw:
                    for column in 0..<features.columns where x[column] != 0 {
                        columns.append(column)
                        entries.append(Double(x[column]))
                    }
                case .ofaPaper128:
                    OFAPaper128Interactions.forEachNonzero(x) { column, value in
                        columns.append(column)
                        entries.append(Double(value))
                    }
                }
                if let operators {
                    for entry in operators.offsets[row]..<operators.offsets[row + 1] {
                        columns.append(first + operators.columns[entry])
                        entries.append(operators.counts[entry])
                    }
                }
                for (index, column) in (costs ?? []).enumerated() {
                    columns.append(first + keyCount + index)
                    entries.append(column[row])
                }
                offsets.append(entries.count)
            }
        }
        return try SparseRowMatrix(
            rows: features.rows, columns: first + keyCount + (costs?.count ?? 0), rowOffsets: offsets, columnIndices: columns,
            values: entries)
    }

    /// Network inputs (unstandardised): features, the paper128 summary columns, the ridge prediction.
    package static func networkInputs(linear: Linear, features: Matrix, base: [Double]) -> Matrix {
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

    /// Mean and calibrated ensemble standard deviation for every row (`operators` resolved by `operatorKeys`,
    /// `costs` the batch's MACs and parameter columns).
    package func predict(_ features: Matrix, operators: OperatorCounts?, costs: [[Double]]?) throws -> (mean: [Double], std: [Double]) {
        if operatorKeys != nil {
            guard let operators, operators.rows == features.rows else {
                throw PluginError.invalid("the model was fitted with operator columns; the batch lacks the 'operators' view")
            }
        }
        let costs = try costColumns(costs)
        if linear == .ofaPaper128 {
            for row in 0..<features.rows {
                let problem = features.values.withUnsafeBufferPointer {
                    OFAPaper128Interactions.validationError($0.baseAddress! + row * features.columns)
                }
                if let problem { throw PluginError.invalid("row \(row) is not a paper128 encoding: \(problem)") }
            }
        }
        let base = basePrediction(features, operators: operators, costs: costs)
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
            std[row] = stdScale * (max(squares[row] / count - average * average, 0).squareRoot() + stdOffset)
        }
        return (mean, std)
    }

    /// Standardised network inputs of some rows, and their ridge predictions.
    package func preparedInputs(_ rows: LabelledRows) throws -> (inputs: Matrix, base: [Double]) {
        let base = basePrediction(rows.features, operators: try operatorCounts(rows), costs: try costColumns(rows.costs))
        var inputs = Self.networkInputs(linear: linear, features: rows.features, base: base)
        inputScaler.apply(&inputs)
        return (inputs, base)
    }

    // MARK: Adapting

    /// Retrains each member's last layer (and its gain on the ridge prediction) on a few rows of a
    /// new device, everything else frozen: ridge regression pulled towards the current weights.
    package mutating func adapt(_ shots: LabelledRows, penalty: Double) throws {
        let (inputs, base) = try preparedInputs(shots)
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
    /// penalty and stops the networks (each member draws its own slice). The standard deviation is
    /// then calibrated on `validation`, else by cross-fitting (`crossFittedCalibration`) up to
    /// `crossFitRowLimit` rows and on that first holdout slice above (with `calibrate`).
    package static func fit(
        train: LabelledRows, validation: LabelledRows?, settings: MLPSettings, seed: UInt64, progress: ProgressReporter
    ) throws -> HybridModel {
        guard train.count >= 2 else { throw PluginError.invalid("the default recipe needs at least 2 training rows") }
        // Fitted without validation rows, the calibration fits the recipe again on each fold.
        let crossFits = settings.calibrate && validation == nil && train.count <= crossFitRowLimit
        let calibrationFits = crossFits ? crossFitFolds(train.count) : 0
        let fitShare = 1 / Double(calibrationFits + 1)
        let mainProgress = progress.stage(0, fitShare)
        var generator = SeededGenerator(seed: seed)
        let linear = try resolveLinear(settings.linear, train.features)
        let firstSplit =
            try validation.map { (fit: train, holdout: $0) }
            ?? train.splitHoldout(fraction: settings.holdout, generator: &generator)

        var operatorKeys: OperatorVocabulary?
        if settings.operators, linear != .off, let operators = train.operators {
            let keys = OperatorVocabulary(keys: operators.lazy.flatMap { $0.lazy.filter { $0.count != 0 }.map(\.key) })
            if !keys.keys.isEmpty { operatorKeys = keys }
        }
        var costScalers: [TargetScaler] = []
        if settings.cost, linear != .off, let costs = train.costs {
            costScalers = costs.prefix(settings.costColumnLimit).map { TargetScaler(fitting: $0) }
        }
        var model = HybridModel(
            linear: linear, inputCount: train.features.columns, ridge: nil, operatorKeys: operatorKeys, costScalers: costScalers,
            inputScaler: Standardizer(means: [], scales: []), residualScaler: TargetScaler(mean: 0, scale: 1), members: [],
            baseGains: [])
        // Without validation rows: the ridge fitted before the holdout slice joined the training
        // rows, so that a calibration on that slice sees held-out errors of the additive part.
        var heldOutRidge: RidgeRegression?
        if linear != .off {
            func design(_ rows: LabelledRows) throws -> SparseRowMatrix {
                try Self.design(
                    linear: linear, features: rows.features, operators: try model.operatorCounts(rows),
                    keyCount: operatorKeys?.keys.count ?? 0, costs: try model.costColumns(rows.costs))
            }
            let penalized = featureColumnCount(linear: linear, inputCount: train.features.columns) + (operatorKeys?.keys.count ?? 0)
            let unpenalized = Array(penalized..<(penalized + costScalers.count))
            let chosen = try RidgeRegression.fit(
                design: try design(firstSplit.fit), targets: firstSplit.fit.targets, lambdas: settings.lambdas,
                validation: (try design(firstSplit.holdout), firstSplit.holdout.targets), standardize: linear == .raw,
                unpenalized: unpenalized)
            model.ridge = chosen.model
            if validation == nil {
                heldOutRidge = chosen.model
                model.ridge = try RidgeRegression.fit(
                    design: try design(train), targets: train.targets, lambda: chosen.model.lambda, standardize: linear == .raw,
                    unpenalized: unpenalized)
            }
        }
        let trainBase = model.basePrediction(
            train.features, operators: try model.operatorCounts(train), costs: try model.costColumns(train.costs))
        let trainInputs = networkInputs(linear: linear, features: train.features, base: trainBase)
        model.inputScaler = Standardizer(fitting: trainInputs)
        model.residualScaler = residualScaler(targets: train.targets, base: trainBase)

        /// Standardised network inputs and residual targets of some rows.
        func prepared(_ rows: LabelledRows) throws -> (inputs: Matrix, targets: [Float]) {
            let (inputs, base) = try model.preparedInputs(rows)
            return (inputs, zip(rows.targets, base).map { Float(model.residualScaler.forward($0 - $1)) })
        }

        let widths = [networkInputCount(linear: linear, inputCount: train.features.columns)] + settings.hidden + [1]
        for member in 0..<settings.ensemble {
            var memberGenerator = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(member + 1))
            let split =
                member == 0 || validation != nil
                ? firstSplit : try train.splitHoldout(fraction: settings.holdout, generator: &memberGenerator)
            let fitRows = try prepared(split.fit)
            let stopRows = try prepared(split.holdout)
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
                try mainProgress.report(done / Double(settings.ensemble), "network \(member + 1)/\(settings.ensemble) epoch \(epoch + 1)")
                return epoch - best.epoch < settings.patience
            }
            model.members.append(best.network)
            model.baseGains.append(0)
        }
        if crossFits {
            (model.stdScale, model.stdOffset) = try crossFittedCalibration(
                train, settings: settings, seed: seed, progress: progress.stage(fitShare, 1))
        } else if settings.calibrate {
            try model.calibrate(on: validation ?? firstSplit.holdout, heldOutRidge: heldOutRidge)
        }
        return model
    }

    /// Folds of the cross-fitted calibration (fewer when there are fewer rows).
    package static let calibrationFolds = 5

    /// The most training rows calibrated by cross-fitting when there is no validation batch.
    /// Above it the recipe's own holdout slice (300 rows or more) calibrates: slightly optimistic
    /// (see `calibrate(on:heldOutRidge:)`) but within about a point of 90% on 7,000 rows (P40
    /// 91.3%, RTX random split 90.7%), where five more fits would cost five times the training.
    package static let crossFitRowLimit = 2000

    /// The folds used for `count` training rows: at most `calibrationFolds` and one per row,
    /// so that every fold's model keeps the 2 rows the recipe needs; 0 (no calibration: the
    /// raw spread) for 2 rows.
    package static func crossFitFolds(_ count: Int) -> Int { count >= 3 ? min(calibrationFolds, count) : 0 }

    /// The std calibration of a model fitted without validation rows, from held-out residuals no
    /// part of any model saw: the rows are split into `calibrationFolds` seeded folds, the recipe
    /// (uncalibrated) is fitted on all folds but one and predicts that one, and the out-of-fold
    /// residuals and spreads of every row calibrate as a validation batch would. (On a few rows
    /// the recipe's own holdout slice is a handful of rows, most of which four of the five
    /// networks trained on: with 20 RTX 2080 Ti rows its nominal 90% interval covered 11% of test
    /// rows.) Costs `calibrationFolds` more fits.
    package static func crossFittedCalibration(
        _ train: LabelledRows, settings: MLPSettings, seed: UInt64, progress: ProgressReporter
    ) throws -> (scale: Double, offset: Double) {
        let folds = crossFitFolds(train.count)
        guard folds > 0 else { return (1, 0) }
        var order = Array(0..<train.count)
        var generator = SeededGenerator(seed: seed ^ 0xC0FF_EE00_CA11_B8A7)
        generator.shuffle(&order)
        var settings = settings
        settings.calibrate = false
        var residuals: [Double] = []
        var spreads: [Double] = []
        for fold in 0..<folds {
            let held = order.indices.filter { $0 % folds == fold }.map { order[$0] }
            let kept = order.indices.filter { $0 % folds != fold }.map { order[$0] }
            let heldRows = train.subset(held)
            let model = try fit(
                train: train.subset(kept), validation: nil, settings: settings, seed: seed &+ UInt64(fold + 1),
                progress: progress.stage(
                    Double(fold) / Double(folds), Double(fold + 1) / Double(folds), prefix: "calibration fold \(fold + 1)/\(folds): "))
            let predicted = try model.predict(
                heldRows.features, operators: try model.operatorCounts(heldRows), costs: heldRows.costs)
            residuals += zip(heldRows.targets, predicted.mean).map { $0 - $1 }
            spreads += predicted.std
        }
        return SpreadCalibration.fit(residuals: residuals, spreads: spreads)
    }

    /// Sets `stdScale` and `stdOffset` by split-conformal calibration on `rows`: afterwards mean ±
    /// 1.645 std covers about 90% of rows like these. With a validation batch no part of the model
    /// was fitted on `rows` (they only chose the penalty and stopped the networks). For the
    /// holdout slice of the training rows, `heldOutRidge` (the additive part fitted without them)
    /// stands in for the final one, which was refitted on them; members 2 to 5, which drew other
    /// slices, did train on some of them, so those stds come out slightly too small.
    package mutating func calibrate(on rows: LabelledRows, heldOutRidge: RidgeRegression? = nil) throws {
        (stdScale, stdOffset) = (1, 0)
        let operators = try operatorCounts(rows)
        let costs = try costColumns(rows.costs)
        var raw = try predict(rows.features, operators: operators, costs: rows.costs)
        if let heldOutRidge {
            var heldOut = self
            heldOut.ridge = heldOutRidge
            let final = basePrediction(rows.features, operators: operators, costs: costs)
            let before = heldOut.basePrediction(rows.features, operators: operators, costs: costs)
            for row in raw.mean.indices { raw.mean[row] += before[row] - final[row] }
        }
        (stdScale, stdOffset) = SpreadCalibration.fit(residuals: zip(rows.targets, raw.mean).map { $0 - $1 }, spreads: raw.std)
    }

    /// Maps the residuals (targets minus `base`) to the networks' output scale: their mean and
    /// standard deviation, the deviation floored at 1e-9 of the targets' own. When the additive
    /// part fits the training rows exactly (e.g. a target that is a line in MACs) the residuals
    /// are rounding noise, and the floor keeps the networks, which fit that noise, from adding
    /// errors at the targets' scale.
    package static func residualScaler(targets: [Double], base: [Double]) -> TargetScaler {
        let residuals = zip(targets, base).map { $0 - $1 }
        let mean = residuals.reduce(0, +) / Double(max(residuals.count, 1))
        let deviation = (residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(residuals.count, 1))).squareRoot()
        return TargetScaler(mean: mean, scale: max(deviation, 1e-9 * TargetScaler(fitting: targets).scale, .leastNormalMagnitude))
    }

    /// The additive model an option value stands for on these features.
    package static func resolveLinear(_ option: MLPSettings.LinearPart, _ features: Matrix) throws -> Linear {
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
