/// A pipeline file that is not valid: `file: path.to.key: message`, one line.
public struct PipelineFileError: Error, CustomStringConvertible, Equatable {
    /// The pipeline file.
    public var file: String
    /// The JSON path of the key at fault, e.g. `strategy.options.population` (empty for the whole file).
    public var path: String
    /// What is wrong, e.g. "expected an integer, got a string".
    public var message: String

    /// Creates the error.
    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `file: path: message`.
    public var description: String { path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)" }
}
