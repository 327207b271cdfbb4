import Foundation

/// A JSON list of architecture ids: an array of numbers or strings, or an object with one such
/// array (HELP's `hardware_embedding_arch_ids.json` is `{"hardware_embedding_arch_ids": [...]}`).
public enum ArchitectureIDList {
    /// The ids of the file, as text (numbers without a fraction).
    public static func read(path: String) throws -> [String] {
        let parsed = try JSONFile.read(path: path)
        var list = parsed as? [Any]
        if list == nil, let object = parsed as? [String: Any], object.count == 1 { list = object.values.first as? [Any] }
        guard let list, !list.isEmpty else {
            throw DataError(file: path, line: nil, "expected a non-empty array of architecture ids (or an object holding one)")
        }
        return try list.map { item in
            if let text = item as? String { return text }
            if let number = item as? NSNumber, number.doubleValue == number.doubleValue.rounded() { return String(number.int64Value) }
            throw DataError(file: path, line: nil, "architecture ids must be whole numbers or text, found '\(item)'")
        }
    }
}
