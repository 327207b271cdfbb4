import Foundation

extension ReportDocument {
    /// Writes the report (`report.md` with its charts, `report.html`) and `results` as
    /// `results.json` (pretty, sorted keys, non-finite numbers as strings) into `folder`, created
    /// when missing. Returns the paths written.
    public func write<Results: Encodable>(withResults results: Results, to folder: String) throws -> [String] {
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written = try write(to: directory, baseName: "report", figureFolder: "figures").map(\.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = directory.appendingPathComponent("results.json")
        try encoder.encode(results).write(to: json, options: .atomic)
        written.append(json.path)
        return written
    }
}
