import Foundation

/// Decimal text for numbers in labels and tables.
public enum NumberText {
    /// `value` with exactly `decimals` fraction digits (0 to 12): `fixed(2.5, decimals: 2)` → `"2.50"`.
    /// Never `-0`; not-a-number is `"nan"`, infinities `"inf"` and `"-inf"`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let digits = max(0, min(12, decimals))
        let text = String(format: "%.\(digits)f", value)
        // "-0.00" and the like: a negative value that rounds to zero is zero.
        if text.hasPrefix("-"), text.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// The fraction digits that show `value` to about `significant` significant digits
    /// (at least 0, at most `maximum`): 1234.5 → 0, 12.345 → 1 (for 3), 0.01234 → 4 (for 3).
    public static func decimals(forSignificant significant: Int, of value: Double, maximum: Int = 6) -> Int {
        let magnitude = abs(value)
        guard magnitude.isFinite, magnitude > 0 else { return 0 }
        let leading = Int(floor(log10(magnitude) + 1e-12))
        return max(0, min(maximum, significant - 1 - leading))
    }
}
