/// What the host accepts from an estimator's `predict`, checked on every call (`PluginEstimator`)
/// and by the conformance suite (`plugins check`) through the same function, so that a plugin
/// that passes the check cannot hand the host a different kind of value at run time.
///
/// - a latency must be finite and greater than 0 (ms);
/// - an accuracy predictor's value must be finite;
/// - a standard deviation, when the plugin declares them, must be finite and at least 0;
/// - every slot must have been written: the host fills the output arrays with `unwritten` (a NaN
///   with a payload of its own) before the call, so a slot the plugin skipped is told apart from
///   a NaN it wrote.
public enum PredictionValidation {
    /// The NaN the host writes into every output slot before calling `predict`.
    public static let unwritten = Double(nan: 0x1A7_C17, signaling: false)

    /// Whether `value` is still the host's sentinel, bit for bit.
    public static func isUnwritten(_ value: Double) -> Bool {
        value.bitPattern == unwritten.bitPattern
    }

    /// Checks `predictions` of `kind` (an estimator's latencies or an accuracy predictor's
    /// values) that plugin `plugin` returned from `function` for `count` rows; throws the first
    /// problem, naming the plugin, the call and the row (0-based, within the batch).
    public static func check(
        _ predictions: Predictions, count: Int, plugin: String, function: String, kind: PluginKind = .estimator
    ) throws {
        let quantity = kind == .accuracyPredictor ? "accuracy" : "latency"
        guard predictions.mean.count == count else {
            throw InvalidPredictionError(
                plugin: plugin, function: function, row: nil, quantity: quantity, value: nil,
                rule: "returned \(predictions.mean.count) values for \(count) rows")
        }
        for (row, value) in predictions.mean.enumerated() {
            if isUnwritten(value) {
                throw InvalidPredictionError(
                    plugin: plugin, function: function, row: row, quantity: quantity, value: nil, rule: "the output was left unwritten")
            }
            let valid = kind == .accuracyPredictor ? value.isFinite : value.isFinite && value > 0
            if !valid {
                throw InvalidPredictionError(
                    plugin: plugin, function: function, row: row, quantity: quantity, value: value,
                    rule: kind == .accuracyPredictor ? "must be finite" : "must be finite and positive")
            }
        }
        guard let std = predictions.std else { return }
        for (row, value) in std.enumerated() {
            if isUnwritten(value) {
                throw InvalidPredictionError(
                    plugin: plugin, function: function, row: row, quantity: "standard deviation", value: nil,
                    rule: "the output was left unwritten")
            }
            if !(value.isFinite && value >= 0) {
                throw InvalidPredictionError(
                    plugin: plugin, function: function, row: row, quantity: "standard deviation", value: value,
                    rule: "must be finite and at least 0")
            }
        }
    }
}

/// A value a plugin returned that the host refuses (see `PredictionValidation`); its description
/// is one line, e.g. `plugin 'x' returned latency -3 for row 17 in predict (must be finite and
/// positive)`.
public struct InvalidPredictionError: Error, CustomStringConvertible, Equatable {
    /// The plugin's name.
    public var plugin: String
    /// The ABI call, e.g. "predict".
    public var function: String
    /// The row of the batch (0-based), nil when the problem is the whole output.
    public var row: Int?
    /// "latency", "accuracy" or "standard deviation".
    public var quantity: String
    /// The value returned, nil when the slot was not written.
    public var value: Double?
    /// What the value must be, or what went wrong.
    public var rule: String

    public var description: String {
        guard let row else { return "plugin '\(plugin)' \(rule) in \(function)" }
        guard let value else { return "plugin '\(plugin)' did not write a \(quantity) for row \(row) in \(function) (\(rule))" }
        return "plugin '\(plugin)' returned \(quantity) \(Self.text(value)) for row \(row) in \(function) (\(rule))"
    }

    /// `-3` rather than `-3.0` for whole numbers; Swift's shortest form otherwise (`nan`, `inf`).
    static func text(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
