/// Rows refused while reading a data file: how many, and the first few reasons (each a
/// `file:line: message`).
public struct RowProblems: Codable, Equatable, Sendable {
    /// Number of rows refused.
    public private(set) var count = 0
    /// The first `limit` reasons.
    public private(set) var examples: [String] = []
    /// How many reasons are kept.
    public let limit: Int

    /// Creates an empty record that keeps up to `limit` reasons.
    public init(limit: Int = 5) { self.limit = limit }

    /// Whether no row was refused.
    public var isEmpty: Bool { count == 0 }

    /// Throws `problem` unless `skip` is set; with it, counts `rows` refused rows.
    mutating func refuse(_ problem: DataError, rows: Int = 1, skip: Bool) throws {
        guard skip else { throw problem }
        count += rows
        if examples.count < limit { examples.append(problem.description) }
    }

    /// "skipped N bad rows; first reasons: ..." for reports.
    public var summary: String {
        guard count > 0 else { return "no bad rows" }
        let more = count > examples.count ? "\n  ..." : ""
        return "skipped \(count) bad row\(count == 1 ? "" : "s"):\n  " + examples.joined(separator: "\n  ") + more
    }
}
