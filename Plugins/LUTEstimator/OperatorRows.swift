import LatKitPluginKit

extension BatchView {
    /// The operators of `row` (OPERATORS view), refusing counts that are negative or not finite.
    func checkedOperators(ofRow row: Int) throws -> [(key: String, count: Double)] {
        let operators = try operators(ofRow: row)
        if let bad = operators.first(where: { !$0.count.isFinite || $0.count < 0 }) {
            throw PluginError.invalid("row \(row): operator '\(bad.key)' has count \(bad.count); counts must be finite and >= 0")
        }
        return operators
    }
}
