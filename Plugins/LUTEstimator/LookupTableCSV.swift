import LatKitPluginKit

/// Reads a lookup table in CSV form, such as `note10_lut_all_resolutions.csv`
/// (`resolution,key,...,count,mean_ms,std_ms`): a header line, then one operator per line.
///
/// Columns are found by name, in any order: `key` and `mean_ms` (or `mean`) are required;
/// `std_ms` (or `std`; or `var`, whose square root is used) and `count` are optional (0 when absent).
/// With a `resolution` column, each resolution is its own sub-table (named by its value);
/// without one, the whole file is sub-table `defaultTable`. Other columns are ignored. Fields may be double-quoted ("" is a quote inside them).
enum LookupTableCSV {
    /// Parses `text`, adding its entries to `table`; `source` names the file in errors.
    static func parse(_ text: String, source: String, defaultTable: String, into table: inout LookupTable) throws {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .map { (number: $0.offset + 1, text: $0.element) }
            .filter { !$0.text.allSatisfy { $0 == " " } }
        guard !lines.isEmpty else { throw PluginError.invalid("\(source): empty file, expected a header with key and mean_ms") }
        let header = try fields(lines.removeFirst().text, at: "\(source):1").map { $0.trimmingBlanks() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let keyColumn = column(["key"]), let meanColumn = column(["mean_ms", "mean"]) else {
            throw PluginError.invalid("\(source): the header needs columns 'key' and 'mean_ms' (found \(header.joined(separator: ",")))")
        }
        let stdColumn = column(["std_ms", "std"])
        let varianceColumn = column(["var"])
        let countColumn = column(["count"])
        let resolutionColumn = column(["resolution"])
        for line in lines {
            let place = "\(source):\(line.number)"
            let row = try fields(line.text, at: place)
            guard row.count == header.count else {
                throw PluginError.invalid("\(place): \(row.count) fields, the header has \(header.count)")
            }
            func number(_ column: Int?, _ name: String) throws -> Double? {
                guard let column else { return nil }
                let text = row[column].trimmingBlanks()
                if text.isEmpty, name != "mean" { return nil }
                guard let value = LookupNumber.parse(text) else {
                    throw PluginError.invalid("\(place): column '\(header[column])' must be a finite number, got '\(text)'")
                }
                return value
            }
            let mean = try number(meanColumn, "mean") ?? 0
            let std = try number(stdColumn, "std") ?? (try number(varianceColumn, "var")).map { $0.squareRoot() } ?? 0
            let samples = try number(countColumn, "count") ?? 0
            let name = resolutionColumn.map { row[$0].trimmingBlanks() } ?? defaultTable
            try table.add(
                row[keyColumn].trimmingBlanks(), LookupEntry(mean: mean, std: std, samples: samples), table: name, source: place)
        }
    }

    /// Splits one CSV line at commas outside double quotes.
    private static func fields(_ line: Substring, at place: String) throws -> [String] {
        var result: [String] = []
        var field = ""
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            let next = line.index(after: index)
            if quoted {
                if character == "\"" {
                    if next < line.endIndex, line[next] == "\"" {
                        field.append("\"")
                        index = line.index(after: next)
                        continue
                    }
                    quoted = false
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                result.append(field)
                field = ""
            } else {
                field.append(character)
            }
            index = next
        }
        guard !quoted else { throw PluginError.invalid("\(place): unterminated quoted field") }
        result.append(field)
        return result
    }
}
