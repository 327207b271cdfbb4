/// A half-open range of rows written `A:B`: rows A, A+1, ..., B-1, as in Python slices (so the
/// paper's training rows 0-6999 are `0:7000`). `A` may be left out for 0 and `B` for the row
/// count (`8500:` = rows 8500 to the end).
public struct RowRange: Equatable, Sendable, CustomStringConvertible {
    /// The row indices covered, lower bound included, upper excluded.
    public var range: Range<Int>

    /// Wraps a range of row indices as it is.
    public init(_ range: Range<Int>) { self.range = range }

    /// Parses `A:B` for a data set of `rowCount` rows.
    public init(parsing text: String, rowCount: Int) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmedSpaces }
        guard parts.count == 2 else { throw SplitError("row range '\(text)' must be written A:B (half-open: rows A to B-1)") }
        guard let lower = parts[0].isEmpty ? 0 : Int(parts[0]), let upper = parts[1].isEmpty ? rowCount : Int(parts[1]) else {
            throw SplitError("row range '\(text)': A and B must be whole numbers")
        }
        guard 0 <= lower, lower <= upper, upper <= rowCount else {
            throw SplitError("row range '\(text)' must satisfy 0 <= A <= B <= \(rowCount) (the number of rows)")
        }
        range = lower..<upper
    }

    func overlaps(_ other: RowRange) -> Bool { range.overlaps(other.range) }

    /// The range written `A:B`.
    public var description: String { "\(range.lowerBound):\(range.upperBound)" }
}
