/// Inputs a metric cannot be computed from.
public enum MetricError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No values.
    case empty
    /// The two sequences differ in length.
    case lengthMismatch(first: Int, second: Int)
    /// A NaN or infinite value in the named sequence at `index`.
    case notFinite(sequence: String, index: Int)
    /// A measured value of zero, for which a relative error is undefined.
    case zeroActual(index: Int)

    /// The problem as one sentence, naming the sequence or index at fault.
    public var description: String {
        switch self {
        case .empty: return "no values to compare"
        case .lengthMismatch(let first, let second): return "cannot compare \(first) values with \(second) values"
        case .notFinite(let sequence, let index): return "\(sequence) value \(index) is NaN or infinite"
        case .zeroActual(let index): return "measured value \(index) is zero: relative errors are undefined"
        }
    }

    /// Checks two sequences of the same, non-zero length with finite values.
    static func check(_ first: [Double], _ second: [Double], names: (String, String)) throws {
        guard first.count == second.count else { throw MetricError.lengthMismatch(first: first.count, second: second.count) }
        guard !first.isEmpty else { throw MetricError.empty }
        if let index = first.firstIndex(where: { !$0.isFinite }) { throw MetricError.notFinite(sequence: names.0, index: index) }
        if let index = second.firstIndex(where: { !$0.isFinite }) { throw MetricError.notFinite(sequence: names.1, index: index) }
    }
}
