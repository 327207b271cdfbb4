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
    /// Natural log of the measured latency (ms) by canonical architecture (repeats averaged).
    var measured: [String: Double]
    /// Log latency from the architecture features, for architectures not in `measured`.
    var model: RidgeRegression
    /// Mean log latency over the measured architectures.
    var level: Double
    /// Root mean squared log error of `model` on the series' rows.
    var residualStd: Double

    /// Builds the profile of `key` from its rows of a training batch.
    static func fit(
        key: SeriesKey, rows: [Int], architectures: [String], features: (values: UnsafeBufferPointer<Float>, columns: Int),
        targets: UnsafeBufferPointer<Double>, descriptor: [Float], lambda: Double
    ) throws -> SeriesProfile {
        var sums: [String: (sum: Double, count: Int)] = [:]
        var logs: [Double] = []
        logs.reserveCapacity(rows.count)
        for row in rows {
            let value = targets[row]
            guard value.isFinite, value > 0 else {
                throw PluginError.invalid("row \(row) (series \(key)): latency must be finite and positive, got \(value)")
            }
            let log = Foundation.log(value)
            logs.append(log)
            sums[architectures[row], default: (0, 0)].sum += log
            sums[architectures[row], default: (0, 0)].count += 1
        }
        let measured = sums.mapValues { $0.sum / Double($0.count) }
        var matrix = Matrix(rows: rows.count, columns: features.columns)
        for (index, row) in rows.enumerated() {
            for column in 0..<features.columns {
                matrix.values[index * features.columns + column] = features.values[row * features.columns + column]
            }
        }
        let model = try RidgeRegression.fit(features: matrix, targets: logs, lambda: lambda, standardize: true)
        let level = measured.values.reduce(0, +) / Double(max(measured.count, 1))
        let residualStd = rootMeanSquaredError(model.predict(matrix), logs)
        return SeriesProfile(
            key: key, descriptor: descriptor, measured: measured, model: model, level: level, residualStd: residualStd)
    }

    /// Log latency of `architecture` (measured if known, else from its `features`).
    func logLatency(_ architecture: String, features: UnsafeBufferPointer<Float>) -> Double {
        if let value = measured[architecture] { return value }
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
