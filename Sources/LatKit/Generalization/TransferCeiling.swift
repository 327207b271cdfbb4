import Foundation
import LatKitNumerics

/// How well the known series can explain a target series at best: the target's log latency
/// fitted, by least squares on **every** measured row of the target, as a linear function of the
/// log latencies of the training series and, when given, the log MACs (plus a constant), and
/// scored on those same rows.
///
/// No estimator can run this: it sees all the rows it is scored on. It is the ceiling of the
/// whole family of estimators that map known devices (and the work done) to the new one in log
/// space (`nearest-device`, `hwgen`'s few-shot mappings), however many shots they get: where a few-shot figure comes close
/// to it, the remaining gap to a target lies in the target device itself, not in how the shots
/// were used. With a handful of training series and thousands of rows, fitting and scoring on the
/// same rows flatters it by little.
public enum TransferCeiling {
    /// The estimator name of its records (`bench --ceiling`, `reproduce`'s tables).
    public static let label = "ceiling"

    /// Fits and scores the ceiling of `task`'s target from `task`'s training series over the
    /// architectures every one of them measured (the task's shots and test rows together);
    /// `macs` (one per architecture of `dataset`, all positive), when given, is one more column.
    public static func evaluate(dataset: MultiDeviceDataset, task: TransferTask, macs: [Double]? = nil) throws -> Evaluation {
        let macs = macs.flatMap { $0.count == dataset.architectures.count && $0.allSatisfy { $0 > 0 && $0.isFinite } ? $0 : nil }
        let columns = task.trainSeries.count + (macs == nil ? 0 : 1)
        guard !task.trainSeries.isEmpty else { throw TransferError("the ceiling needs at least one training series") }
        let rows = (task.shots + task.test).sorted().filter { row in
            dataset.latencies[task.target][row] != nil && task.trainSeries.allSatisfy { dataset.latencies[$0][row] != nil }
        }
        guard rows.count > columns + 1 else {
            throw TransferError(
                "\(dataset.series[task.target].column): \(rows.count) rows measured on every training series, too few for the ceiling")
        }
        var values: [Float] = []
        values.reserveCapacity(rows.count * columns)
        for row in rows {
            for series in task.trainSeries { values.append(Float(log(dataset.latencies[series][row]!))) }
            if let macs { values.append(Float(log(macs[row]))) }
        }
        let features = Matrix(rows: rows.count, columns: columns, values: values)
        let actual = rows.map { dataset.latencies[task.target][$0]! }
        // A penalty far below the columns' scale: least squares that stays solvable when two
        // series are nearly the same (the same GPU at two batch sizes).
        let model = try RidgeRegression.fit(features: features, targets: actual.map { log($0) }, lambda: 1e-6, standardize: true)
        let predicted = model.predict(features).map { exp($0) }
        return try Evaluation(
            scoring: label, trainCount: rows.count, testRows: rows, predictions: Predictions(mean: predicted, std: nil), actual: actual,
            fitSeconds: 0, predictSeconds: 0)
    }

    /// The ceiling of `task`'s target as a new-device benchmark record (estimator `label`).
    public static func record(dataset: MultiDeviceDataset, task: TransferTask, macs: [Double]?) throws -> BenchmarkRecord {
        try evaluate(dataset: dataset, task: task, macs: macs).record(dataset: dataset, task: task, options: [:])
    }
}
