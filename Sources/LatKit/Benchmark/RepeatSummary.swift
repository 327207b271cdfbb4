/// Mean and sample standard deviation of one metric over repeated runs.
public struct RepeatSummary: Sendable, Equatable {
    /// How many values were summarised.
    public let count: Int
    /// Their mean; NaN when there are none.
    public let mean: Double
    /// Their sample standard deviation (n − 1 in the denominator); 0 for a single value, for which
    /// no spread can be measured; NaN when there are none.
    public let standardDeviation: Double

    /// Summarises `values` as they are: one that is not finite makes the mean and deviation not finite.
    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            mean = .nan
            standardDeviation = .nan
            return
        }
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        if values.count < 2 {
            standardDeviation = 0
        } else {
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardDeviation = (squares / Double(values.count - 1)).squareRoot()
        }
    }
}

/// The repeats of one estimator at one training size, summarised for one metric.
public struct RepeatGroup: Sendable, Equatable {
    /// Estimator name, such as `mlp`.
    public var estimator: String
    /// Training rows of the repeats in this group.
    public var nTrain: Int
    /// The metric summarised over the group's repeats.
    public var summary: RepeatSummary
}

extension RepeatSummary {
    /// `records` grouped by (estimator, n_train) and `metric` summarised per group; estimators in
    /// order of first appearance, sizes increasing.
    public static func grouped(_ records: [BenchmarkRecord], metric: KeyPath<BenchmarkRecord, Double>) -> [RepeatGroup] {
        var estimators: [String] = []
        var values: [String: [Int: [Double]]] = [:]
        for record in records {
            if values[record.estimator] == nil { estimators.append(record.estimator) }
            values[record.estimator, default: [:]][record.nTrain, default: []].append(record[keyPath: metric])
        }
        return estimators.flatMap { estimator in
            (values[estimator] ?? [:]).sorted { $0.key < $1.key }.map {
                RepeatGroup(estimator: estimator, nTrain: $0.key, summary: RepeatSummary($0.value))
            }
        }
    }
}
