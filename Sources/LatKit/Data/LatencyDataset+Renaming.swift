import Foundation

extension LatencyDataset {
    /// Reads `path` with some header columns renamed first, e.g. the 243 real Xeon measurements'
    /// `r_measured` read as the resolution column `r`.
    public static func load(path: String, space: SearchSpace, options: LatencyDatasetOptions, renaming: [String: String]) throws
        -> LatencyDataset
    {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError(file: path, line: nil, "cannot be read") }
        var text = String(decoding: data, as: UTF8.self)
        guard let lineEnd = text.firstIndex(where: \.isNewline) else { throw DataError(file: path, line: 1, "no header") }
        let header = text[..<lineEnd].split(separator: ",", omittingEmptySubsequences: false).map { renaming[String($0)] ?? String($0) }
        text.replaceSubrange(..<lineEnd, with: header.joined(separator: ","))
        return try LatencyDataset(table: try CSVTable(text: text, source: path), space: space, options: options)
    }
}
