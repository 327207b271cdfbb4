/// Accuracy of predicted latencies against measured ones.
///
/// With errors e_i = predicted_i - actual_i over n rows:
/// RMSE = sqrt(sum e_i^2 / n) (the true root mean squared error over all rows, not an average of
/// per-row RMSEs, which would equal the MAE); MAE = sum |e_i| / n; MAPE = 100/n x sum |e_i| / |actual_i|;
/// within 5% / 10% = the share of rows (in %) with |e_i| <= 0.05 |actual_i| (0.10 |actual_i|);
/// max absolute error = max |e_i|; bias = sum e_i / n (positive: predictions too high).
public struct RegressionMetrics: Codable, Equatable, Sendable {
    /// Number of rows compared.
    public var count: Int
    /// Root mean squared error (units of the values, ms for latencies).
    public var rmse: Double
    /// Mean absolute error.
    public var mae: Double
    /// Mean absolute percentage error, in %.
    public var mape: Double
    /// Share of rows with a relative error of at most 5 %, in %.
    public var within5Percent: Double
    /// Share of rows with a relative error of at most 10 %, in %.
    public var within10Percent: Double
    /// Largest absolute error.
    public var maxAbsoluteError: Double
    /// Mean signed error (predicted - actual).
    public var bias: Double

    /// Compares `predicted` with `actual` row by row. Both must have the same non-zero length and
    /// finite values; no actual value may be zero.
    public init(predicted: [Double], actual: [Double]) throws {
        try MetricError.check(predicted, actual, names: ("predicted", "actual"))
        if let index = actual.firstIndex(of: 0) { throw MetricError.zeroActual(index: index) }
        var squared = 0.0
        var absolute = 0.0
        var relative = 0.0
        var signed = 0.0
        var within5 = 0
        var within10 = 0
        var largest = 0.0
        for (p, a) in zip(predicted, actual) {
            let error = p - a
            let size = abs(error)
            squared += error * error
            absolute += size
            signed += error
            relative += size / abs(a)
            if size <= 0.05 * abs(a) { within5 += 1 }
            if size <= 0.10 * abs(a) { within10 += 1 }
            largest = max(largest, size)
        }
        let n = Double(predicted.count)
        count = predicted.count
        rmse = (squared / n).squareRoot()
        mae = absolute / n
        mape = 100 * relative / n
        within5Percent = 100 * Double(within5) / n
        within10Percent = 100 * Double(within10) / n
        maxAbsoluteError = largest
        bias = signed / n
    }
}
