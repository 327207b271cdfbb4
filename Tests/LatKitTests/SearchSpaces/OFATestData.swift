import Foundation

/// A CSV file of the shipped data read with plain string splitting (the files have no quoting).
struct OFATestCSV {
    let header: [String]
    let rows: [[String]]

    /// Reads `data/<path>`.
    init(_ path: String) throws {
        let text = try String(contentsOfFile: TestPaths.data + "/" + path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    /// The index of column `name`.
    func column(_ name: String) -> Int {
        guard let index = header.firstIndex(of: name) else { preconditionFailure("no column \(name) in \(header)") }
        return index
    }

    /// The fields of `columns` of every row, in that order.
    func fields(_ columns: [String]) -> [[String]] {
        let indexes = columns.map(column)
        return rows.map { row in indexes.map { row[$0] } }
    }
}

/// Splits a canonical OFA architecture into its `ks`, `e`, `d`, `r` fields (the CSV form).
func ofaFields(_ canonical: String) -> [String] {
    canonical.split(separator: ";").map { String($0.split(separator: "=", maxSplits: 1)[1]) }
}

/// The lists of a canonical OFA architecture as integers: (ks, e, d, r).
func ofaLists(_ canonical: String) -> (ks: [Int], e: [Int], d: [Int], r: Int) {
    let fields = ofaFields(canonical).map { $0.split(separator: "-").map { Int($0)! } }
    return (fields[0], fields[1], fields[2], fields[3][0])
}
