import Foundation

/// Summary of new-device records for one (estimator, shots): means over targets (each target's
/// repeats averaged first) and the worst target by Spearman.
public struct TransferSummary {
    /// Estimator name.
    public var estimator: String
    /// Shots per target.
    public var shots: Int
    /// Targets summarized.
    public var targets: Int
    /// Mean over targets of the Spearman correlation, MAPE (%) and RMSE (ms).
    public var meanSpearman: Double
    /// Mean MAPE over targets, %.
    public var meanMAPE: Double
    /// Mean RMSE over targets, ms.
    public var meanRMSE: Double
    /// The target with the lowest (repeat-averaged) Spearman, and that value.
    public var worst: (target: String, spearman: Double)
    /// Mean coverage of the nominal 90% interval over targets, % (nil without a std).
    public var meanCoverage90: Double?

    /// One line for a terminal.
    public var line: String {
        var text = String(
            format: "%@, %d shots, %d target(s): mean Spearman %.4f (worst %@ %.4f), mean MAPE %.2f%%, mean RMSE %.4f ms", estimator, shots,
            targets, meanSpearman, worst.target, worst.spearman, meanMAPE, meanRMSE)
        if let meanCoverage90 { text += String(format: ", 90%% interval coverage %.1f%%", meanCoverage90) }
        return text
    }

    /// One summary per (estimator, shots) of `records`, in first-appearance order.
    public static func summaries(_ records: [BenchmarkRecord]) -> [TransferSummary] {
        var order: [String] = []
        var groups: [String: [BenchmarkRecord]] = [:]
        for record in records where record.shots != nil {
            let key = "\(record.estimator)|\(record.shots!)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(record)
        }
        return order.map { key in
            let group = groups[key]!
            var targetOrder: [String] = []
            var byTarget: [String: [BenchmarkRecord]] = [:]
            for record in group {
                let target = record.target ?? ""
                if byTarget[target] == nil { targetOrder.append(target) }
                byTarget[target, default: []].append(record)
            }
            func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
            let perTarget = targetOrder.map { target -> (String, Double, Double, Double, Double?) in
                let rows = byTarget[target]!
                let coverages = rows.compactMap(\.coverage90Pct)
                return (
                    target, mean(rows.map(\.spearman)), mean(rows.map(\.mapePct)), mean(rows.map(\.rmseMs)),
                    coverages.count == rows.count ? mean(coverages) : nil
                )
            }
            let worst = perTarget.min { $0.1 < $1.1 }!
            let coverages = perTarget.compactMap(\.4)
            return TransferSummary(
                estimator: group[0].estimator, shots: group[0].shots!, targets: perTarget.count, meanSpearman: mean(perTarget.map(\.1)),
                meanMAPE: mean(perTarget.map(\.2)), meanRMSE: mean(perTarget.map(\.3)), worst: (worst.0, worst.1),
                meanCoverage90: coverages.count == perTarget.count ? mean(coverages) : nil)
        }
    }
}
