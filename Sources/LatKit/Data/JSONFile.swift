import Foundation

/// Reads a small JSON file (a device description, a list of ids) into Foundation objects.
enum JSONFile {
    /// The parsed contents of `path`; a file that cannot be read or parsed is a one-line `DataError`.
    static func read(path: String) throws -> Any {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DataError(file: path, line: nil, "cannot read the file")
        }
        do { return try JSONSerialization.jsonObject(with: data) } catch {
            throw DataError(file: path, line: nil, "not valid JSON")
        }
    }
}
