import Foundation
import LatKitNumerics
import LatKitPluginKit

/// What a fitted transfer model knows of one training series: the log latency of every
/// architecture measured on it, and a ridge regression on the architecture features for the
/// architectures it has not measured.
struct SeriesProfile {
    /// The series.
    var key: SeriesKey
    /// The series' device descriptor (the host's features and log2 batch size).
    var descriptor: [Float]
    /// Natural log of the measured latency (ms) of each architecture of the model's table
    /// (repeats averaged), NaN where the series did not measure it.
    var measured: [Double]
    /// Log latency from the architecture features, for architectures not in `measured`.
    var model: RidgeRegression
    /// Mean log latency over the measured architectures.
    var level: Double
    /// Root mean squared log error of `model` on the series' rows.
    var residualStd: Double

    /// Builds the profile of `key` from its rows of a training batch.
    /// `tableIndex[row]` is the row's architecture in the model's table of `tableSize` architectures.
    static func fit(
        key: SeriesKey, rows: [Int], tableIndex: [Int], tableSize: Int, features: (values: UnsafeBufferPointer<Float>, columns: Int),
        targets: UnsafeBufferPointer<Double>, descriptor: [Float], lambda: Double
    ) throws -> SeriesProfile {
        var sums = [Double](repeating: 0, count: tableSize)
        var counts = [Int](repeating: 0, count: tableSize)
        var logs: [Double] = []
        logs.reserveCapacity(rows.count)
        for row in rows {
            let value = targets[row]
            guard value.isFinite, value > 0 else {
                throw PluginError.invalid("row \(row) (series \(key)): latency must be finite and positive, got \(value)")
            }
            let log = Foundation.log(value)
            logs.append(log)
            sums[tableIndex[row]] += log
            counts[tableIndex[row]] += 1
        }
        let measured = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
        var matrix = Matrix(rows: rows.count, columns: features.columns)
        for (index, row) in rows.enumerated() {
            for column in 0..<features.columns {
                matrix.values[index * features.columns + column] = features.values[row * features.columns + column]
            }
        }
        let model = try RidgeRegression.fit(features: matrix, targets: logs, lambda: lambda, standardize: true)
        let known = measured.filter { !$0.isNaN }
        let level = known.reduce(0, +) / Double(max(known.count, 1))
        let residualStd = rootMeanSquaredError(model.predict(matrix), logs)
        return SeriesProfile(
            key: key, descriptor: descriptor, measured: measured, model: model, level: level, residualStd: residualStd)
    }

    /// The measured log latency of the table's architecture `index`, nil if not measured (or no index).
    func measuredLog(_ index: Int?) -> Double? {
        guard let index, index < measured.count, !measured[index].isNaN else { return nil }
        return measured[index]
    }

    /// Log latency of the table's architecture `index` (measured if known, else from its `features`).
    func logLatency(_ index: Int?, features: UnsafeBufferPointer<Float>) -> Double {
        if let value = measuredLog(index) { return value }
        var sum = model.intercept
        for (weight, value) in zip(model.weights, features) { sum += weight * Double(value) }
        return sum
    }
}

/// Squared Euclidean distance of two descriptors.
func descriptorDistance(_ a: [Float], _ b: [Float]) -> Double {
    zip(a, b).reduce(0.0) { sum, pair in
        let difference = Double(pair.0) - Double(pair.1)
        return sum + difference * difference
    }
}
