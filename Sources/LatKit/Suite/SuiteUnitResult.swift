/// One estimator's predictions on one unit of a task: a seed of a single-device task, or one held-out
/// device and shot draw of a new-device task.
public struct SuiteUnitResult: Sendable, Codable, Equatable {
    /// Which unit, e.g. "seed 1" or "pixel3, draw 0".
    public var unit: String
    /// The test rows (data-set row or architecture indices), the same for every estimator.
    public var rows: [Int]
    /// Measured values of the test rows, ms.
    public var actual: [Double]
    /// Predicted means, ms.
    public var predicted: [Double]
    /// Seconds spent fitting (and adapting).
    public var fitSeconds: Double
    /// Prediction time per architecture through the ABI, µs.
    public var predictMicroseconds: Double
    /// Size of the saved state, bytes; nil when the estimator cannot save.
    public var modelBytes: Int?

    /// Creates a unit result.
    public init(
        unit: String, rows: [Int], actual: [Double], predicted: [Double], fitSeconds: Double, predictMicroseconds: Double, modelBytes: Int?
    ) {
        self.unit = unit
        self.rows = rows
        self.actual = actual
        self.predicted = predicted
        self.fitSeconds = fitSeconds
        self.predictMicroseconds = predictMicroseconds
        self.modelBytes = modelBytes
    }
}

/// What became of one estimator on one task.
public enum SuiteOutcome: Sendable, Equatable {
    /// It ran every unit.
    case scored([SuiteUnitResult])
    /// It cannot do this task (no device view on a single-device task, ...), with the reason.
    case notApplicable(String)
    /// It failed or crashed, with the reason (one line).
    case failed(String)
}

extension SuiteTask.Metric {
    /// The metric of predictions of `rows` (positions into the arrays); nil when undefined.
    func value(predicted: [Double], actual: [Double], rows: [Int]? = nil) -> Double? {
        let p = rows.map { $0.map { predicted[$0] } } ?? predicted
        let a = rows.map { $0.map { actual[$0] } } ?? actual
        guard !a.isEmpty else { return nil }
        switch self {
        case .rmse:
            var sum = 0.0
            for (x, y) in zip(p, a) { sum += (x - y) * (x - y) }
            return (sum / Double(a.count)).squareRoot()
        case .spearman:
            return (try? RankCorrelation.spearman(p, a)) ?? nil
        }
    }
}
