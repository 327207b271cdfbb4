import Foundation
import LatKitLearning
import LatKitNumerics
import LatKitPluginKit

/// What a fitted transfer model knows of one training series: the log latency of every
/// architecture measured on it, and a model of the series over the architecture inputs for the
/// architectures it has not measured: a ridge regression of the log latency on the features, or
/// the series' own `mlp` default recipe (`network`) when the estimator learns each series.
struct SeriesProfile {
    /// The series.
    var key: SeriesKey
    /// The series' device descriptor (the host's features and log2 batch size).
    var descriptor: [Float]
    /// Natural log of the measured latency (ms) of each architecture of the model's table
    /// (repeats averaged), NaN where the series did not measure it.
    var measured: [Double]
    /// Log latency from the architecture features, for architectures not in `measured` (when
    /// there is no `network`).
    var model: RidgeRegression
    /// Mean log latency over the measured architectures.
    var level: Double
    /// Root mean squared log error of `model` on the series' rows.
    var residualStd: Double
    /// The series' learned latency model (ms, calibrated std) over features, operators and costs,
    /// which prices its unmeasured architectures instead of `model`; nil when not learned.
    var network: HybridModel?

    /// Builds the profile of `key` from its `rows` of the training inputs `inputs` (targets in ms).
    /// `tableIndex[row]` is the row's architecture in the model's table of `tableSize`
    /// architectures. With `learner`, the series' `mlp` default recipe is fitted too, early-stopped
    /// and calibrated on `validation` (the series' validation rows) when given.
    static func fit(
        key: SeriesKey, rows: [Int], tableIndex: [Int], tableSize: Int, inputs: LabelledRows, validation: LabelledRows?,
        descriptor: [Float], lambda: Double, learner: MLPSettings?, seed: UInt64, progress: ProgressReporter
    ) throws -> SeriesProfile {
        var sums = [Double](repeating: 0, count: tableSize)
        var counts = [Int](repeating: 0, count: tableSize)
        var logs: [Double] = []
        logs.reserveCapacity(rows.count)
        for row in rows {
            let value = inputs.targets[row]
            guard value.isFinite, value > 0 else {
                throw PluginError.invalid("row \(row) (series \(key)): latency must be finite and positive, got \(value)")
            }
            let log = Foundation.log(value)
            logs.append(log)
            sums[tableIndex[row]] += log
            counts[tableIndex[row]] += 1
        }
        let measured = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
        let own = inputs.subset(rows)
        let model = try RidgeRegression.fit(features: own.features, targets: logs, lambda: lambda, standardize: true)
        let known = measured.filter { !$0.isNaN }
        let level = known.reduce(0, +) / Double(max(known.count, 1))
        let residualStd = rootMeanSquaredError(model.predict(own.features), logs)
        let network = try learner.map { settings in
            try HybridModel.fit(train: own, validation: validation, settings: settings, seed: seed, progress: progress)
        }
        return SeriesProfile(
            key: key, descriptor: descriptor, measured: measured, model: model, level: level, residualStd: residualStd, network: network)
    }

    /// The measured log latency of the table's architecture `index`, nil if not measured (or no index).
    func measuredLog(_ index: Int?) -> Double? {
        guard let index, index < measured.count, !measured[index].isNaN else { return nil }
        return measured[index]
    }

    /// Log latency and its std of each row (architecture `architectures[i]` of the table, nil when
    /// not in it): the measured value (std 0) where the series measured it, else the series' model
    /// on the row's `inputs`, needed only then.
    func logLatencies(_ architectures: [Int?], inputs: LabelledRows?) throws -> (means: [Double], stds: [Double]) {
        var means = architectures.map { measuredLog($0) ?? .nan }
        var stds = [Double](repeating: 0, count: architectures.count)
        let missing = means.indices.filter { means[$0].isNaN }
        guard !missing.isEmpty else { return (means, stds) }
        guard let inputs, inputs.count == architectures.count else {
            throw PluginError.state("series \(key) has not measured an architecture and was given no features for it")
        }
        let rows = inputs.subset(missing)
        if let network {
            let predicted = try network.predict(rows.features, operators: try network.operatorCounts(rows), costs: rows.costs)
            for (position, row) in missing.enumerated() {
                let value = LatencyFloor.apply(predicted.mean[position])
                means[row] = Foundation.log(value)
                stds[row] = predicted.std[position] / value
            }
        } else {
            let predicted = model.predict(rows.features)
            for (position, row) in missing.enumerated() {
                means[row] = predicted[position]
                stds[row] = residualStd
            }
        }
        return (means, stds)
    }
}

/// Squared Euclidean distance of two descriptors.
func descriptorDistance(_ a: [Float], _ b: [Float]) -> Double {
    zip(a, b).reduce(0.0) { sum, pair in
        let difference = Double(pair.0) - Double(pair.1)
        return sum + difference * difference
    }
}
