/// A limit on one evaluator's value, e.g. `note10 <= 25 ms`.
///
/// With a margin the constrained value is larger than the estimate: a fixed margin adds that
/// many units; `auto` adds z standard deviations of the estimator (z from the requested one-sided
/// confidence, 1.2816 for the default 90%), so a network is kept only when the estimator is that
/// confident it meets the limit.
public struct SearchConstraint: Equatable, Sendable {
    /// How the evaluator's uncertainty is turned into a safety margin.
    public enum Margin: Equatable, Sendable {
        /// The estimate itself is compared.
        case none
        /// A fixed amount (in the evaluator's units) is added (or, for a lower bound, subtracted).
        case fixed(Double)
        /// z standard deviations are added, with z from `confidence`.
        case auto(confidence: Double)
    }

    /// The evaluator (pipeline name) whose value is limited.
    public var evaluator: String
    /// The upper limit, if any.
    public var maximum: Double?
    /// The lower limit, if any.
    public var minimum: Double?
    /// The margin applied before comparing.
    public var margin: Margin

    /// Creates a constraint; give at least one of `maximum` and `minimum`.
    public init(evaluator: String, maximum: Double?, minimum: Double?, margin: Margin = .none) {
        self.evaluator = evaluator
        self.maximum = maximum
        self.minimum = minimum
        self.margin = margin
    }

    /// The margin's size for one value with standard deviation `std` (0 without one).
    public func marginAmount(std: Double?) -> Double {
        switch margin {
        case .none: return 0
        case .fixed(let amount): return amount
        case .auto(let confidence): return NormalQuantile.z(confidence) * (std ?? 0)
        }
    }

    /// Whether the value `mean` (with standard deviation `std`) meets the limits, margin included.
    public func holds(mean: Double, std: Double?) -> Bool {
        let margin = marginAmount(std: std)
        if let maximum, !(mean + margin <= maximum) { return false }
        if let minimum, !(mean - margin >= minimum) { return false }
        return true
    }

    /// `note10 <= 25 (margin auto, 90%)`, for reports.
    public var text: String {
        var parts: [String] = []
        if let minimum { parts.append("\(evaluator) >= \(compactNumber(minimum))") }
        if let maximum { parts.append("\(evaluator) <= \(compactNumber(maximum))") }
        switch margin {
        case .none: break
        case .fixed(let amount): parts.append("margin \(compactNumber(amount))")
        case .auto(let confidence): parts.append("margin auto at \(compactNumber(confidence * 100))%")
        }
        return parts.joined(separator: ", ")
    }
}

/// A number without trailing zeros: 25, 0.9, 1.5.
func compactNumber(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
}
