import Foundation

/// A file of architectures for `latkit encode` and `latkit predict`: either a CSV file whose
/// header holds the search space's architecture columns (other columns are ignored), or plain
/// text with one architecture per line in any form the space accepts (blank lines and lines
/// starting with '#' are skipped). "-" reads standard input.
public enum ArchitectureFile {
    /// The canonical architectures in the file, in order; errors name the file and line.
    public static func read(path: String, space: SearchSpace) throws -> [String] {
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw DataError(file: path, line: nil, "cannot be read") }
            bytes = Array(data)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let firstLine = text.prefix { !$0.isNewline }
        let headerNames = Set(firstLine.split(separator: ",").map { String($0).trimmedSpaces })
        let columns = space.architectureColumns
        if !columns.isEmpty, columns.allSatisfy(headerNames.contains) {
            let table = try CSVTable(bytes: bytes, source: path)
            var problems = RowProblems()
            return try ArchitectureReader.canonical(
                table: table, rows: Array(0..<table.rowCount), space: space, skip: false, problems: &problems
            )
            .map { $0! }
        }
        var architectures: [String] = []
        var lines: [Int] = []
        // Swift reads "\r\n" as one Character, so split on any newline, not on "\n" alone.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = String(line).trimmedSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            architectures.append(trimmed)
            lines.append(index + 1)
        }
        do {
            return try space.canonicalize(architectures)
        } catch let error as PluginCallError {
            // The space names the failing index as "architecture N: ..."; point at its line.
            if let range = error.message.range(of: #"^architecture (\d+): "#, options: .regularExpression),
                let index = Int(error.message[range].dropFirst("architecture ".count).dropLast(2)), index < lines.count
            {
                throw DataError(file: path, line: lines[index], String(error.message[range.upperBound...]))
            }
            throw DataError(file: path, line: nil, error.message)
        }
    }
}
