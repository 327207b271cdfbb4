import Foundation

/// Turns the architecture columns of CSV rows into canonical architecture strings through a
/// search space: one batched `architectures(fromFields:)` call for all distinct field tuples,
/// with the space's failing row (`row N: ...` in its message) mapped back to a file line.
enum ArchitectureReader {
    /// The canonical architecture of each of `rows` (nil for a refused row, only with `skip`).
    static func canonical(
        table: CSVTable, rows: [Int], space: SearchSpace, skip: Bool, problems: inout RowProblems
    ) throws -> [String?] {
        let names = space.architectureColumns
        guard !names.isEmpty else {
            throw DataError(file: table.source, line: nil, "search space '\(space.name)' states no architecture columns (arch_columns)")
        }
        // A file written by `latkit data export` holds canonical strings in one `architecture`
        // column instead of the space's own columns.
        let canonicalColumn = names.contains { table.columnIndex($0) == nil } ? table.columnIndex("architecture") : nil
        let columns =
            try canonicalColumn.map { [$0] }
            ?? names.map { try table.requireColumn($0, purpose: "architecture column of search space '\(space.name)'") }
        let columnNames = canonicalColumn == nil ? names : ["architecture"]

        // Distinct field tuples, each remembering the rows that carry it.
        var uniqueIndex: [[UInt8]: Int] = [:]
        var uniqueRows: [[Int]] = []
        var rowUnique: [Int] = []
        rowUnique.reserveCapacity(rows.count)
        for row in rows {
            let key = table.rowKey(row: row, columns: columns)
            if let index = uniqueIndex[key] {
                uniqueRows[index].append(row)
                rowUnique.append(index)
            } else {
                uniqueIndex[key] = uniqueRows.count
                rowUnique.append(uniqueRows.count)
                uniqueRows.append([row])
            }
        }
        let fields = uniqueRows.map { rowsOfTuple in columns.map { table.string(row: rowsOfTuple[0], column: $0) } }

        var results = [String?](repeating: nil, count: fields.count)
        var good: [Int] = []
        var start = 0
        while start < fields.count {
            do {
                let output = try call(space, Array(fields[start...]), canonical: canonicalColumn != nil, table: table)
                for (offset, text) in output.enumerated() { results[start + offset] = text }
                break
            } catch let failure as SpaceFailure {
                guard let failing = failure.row, failing < fields.count - start else {
                    throw DataError(file: table.source, line: nil, "architecture columns: \(failure.message)")
                }
                let bad = start + failing
                let carriers = uniqueRows[bad]
                let described = zip(columnNames, fields[bad]).map { "\($0)=\($1)" }.joined(separator: " ")
                let others = carriers.count > 1 ? " (and \(carriers.count - 1) more rows with these fields)" : ""
                let problem = DataError(
                    file: table.source, line: table.line(ofRow: carriers[0]),
                    "invalid architecture for search space '\(space.name)' (\(described)): \(failure.message)\(others)")
                try problems.refuse(problem, rows: carriers.count, skip: skip)
                good.append(contentsOf: start..<bad)
                start = bad + 1
            }
        }
        if !good.isEmpty {
            let output = try call(space, good.map { fields[$0] }, canonical: canonicalColumn != nil, table: table)
            for (index, text) in zip(good, output) { results[index] = text }
        }
        return rowUnique.map { results[$0] }
    }

    /// A failed `architectures(fromFields:)` call: the batch row the space named, and its message
    /// without the `row N: ` prefix.
    private struct SpaceFailure: Error {
        var row: Int?
        var message: String
    }

    private static func call(_ space: SearchSpace, _ fields: [[String]], canonical: Bool, table: CSVTable) throws -> [String] {
        let output: [String]
        do {
            output = canonical ? try space.canonicalize(fields.map { $0[0] }) : try space.architectures(fromFields: fields)
        } catch {
            let text = (error as? PluginCallError)?.message ?? String(describing: error)
            let (row, message) = splitRowPrefix(text, label: canonical ? "architecture " : "row ")
            throw SpaceFailure(row: row, message: message)
        }
        guard output.count == fields.count else {
            throw DataError(
                file: table.source, line: nil,
                "search space '\(space.name)' returned \(output.count) architectures for \(fields.count) rows")
        }
        return output
    }

    /// Finds the first `row N: ` (or `<label>N: `) in `text`: returns N and the text without that prefix.
    static func splitRowPrefix(_ text: String, label: String = "row ") -> (Int?, String) {
        var search = text[...]
        while let found = search.range(of: label) {
            let digits = text[found.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
            let after = digits.endIndex
            if !digits.isEmpty, text[after...].hasPrefix(": "), let row = Int(digits) {
                let rest = text[text.index(after, offsetBy: 2)...]
                return (row, String(text[..<found.lowerBound]) + rest)
            }
            search = text[found.upperBound...]
        }
        return (nil, text)
    }
}
