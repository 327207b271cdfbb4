/// The least latency (ms) an estimator that fits in milliseconds reports: 1 µs.
///
/// A line or an additive model fitted to a few rows can cross zero below the smallest network it
/// saw; a latency cannot, and the host refuses a prediction that is not positive. Estimators that
/// fit in milliseconds raise such predictions to this floor (a prediction at the floor is wrong,
/// and the metrics show it; a refused batch would stop the whole run). Estimators that fit logs
/// never need it. A NaN passes unchanged so that the host still reports it.
public enum LatencyFloor {
    /// 1 µs, in ms.
    public static let ms = 1e-3

    /// `value` raised to `ms`; NaN unchanged.
    public static func apply(_ value: Double) -> Double {
        value.isNaN ? value : Swift.max(value, ms)
    }
}
