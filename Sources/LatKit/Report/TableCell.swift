/// One cell of a table: text, or a number that is formatted with the rest of its column.
public enum TableCell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// Text, written as it is.
    case text(String)
    /// A number; with `decimals` nil the column's common precision is used (see ``formatColumn(_:)``).
    case number(Double, decimals: Int?)
    /// A whole number.
    case integer(Int)
    /// No value, written `-`.
    case missing

    /// A text cell.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A whole-number cell.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A number cell with the column's common precision.
    public init(floatLiteral value: Double) { self = .number(value, decimals: nil) }

    /// A number cell with the column's common precision.
    public static func number(_ value: Double) -> TableCell { .number(value, decimals: nil) }

    /// An optional number: missing when nil.
    public static func number(_ value: Double?) -> TableCell { value.map { .number($0, decimals: nil) } ?? .missing }

    /// Whether the cell holds a number (or is missing, which does not stop a column being numeric).
    public var isNumeric: Bool {
        switch self {
        case .text: return false
        case .number, .integer, .missing: return true
        }
    }

    /// The cells of one column as text. Numbers without their own `decimals` share one precision,
    /// so that decimal points line up when right-aligned: enough fraction digits to show the
    /// smallest non-zero magnitude to three significant digits, at most four.
    public static func formatColumn(_ cells: [TableCell]) -> [String] {
        var decimals = 0
        for case .number(let value, .none) in cells where value.isFinite && value != 0 {
            decimals = max(decimals, NumberText.decimals(forSignificant: 3, of: value, maximum: 4))
        }
        return cells.map { cell in
            switch cell {
            case .text(let text): return text
            case .integer(let value): return String(value)
            case .number(let value, let own): return NumberText.fixed(value, decimals: own ?? decimals)
            case .missing: return "-"
            }
        }
    }

    /// `rows` formatted column by column with ``formatColumn(_:)``.
    public static func formatRows(_ rows: [[TableCell]]) -> [[String]] {
        let columns = rows.map(\.count).max() ?? 0
        var formatted = rows.map { [String](repeating: "", count: $0.count) }
        for column in 0..<columns {
            let indices = rows.indices.filter { column < rows[$0].count }
            let texts = formatColumn(indices.map { rows[$0][column] })
            for (index, text) in zip(indices, texts) { formatted[index][column] = text }
        }
        return formatted
    }

    /// Right for columns whose cells are all numeric (and not all missing), left otherwise.
    public static func naturalAlignment(_ cells: [TableCell]) -> ColumnAlignment {
        cells.allSatisfy(\.isNumeric) && cells.contains { $0 != .missing } ? .right : .left
    }
}
