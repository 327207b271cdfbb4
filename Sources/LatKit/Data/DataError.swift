/// A problem with a data file, located as `file:line: message` (the form compilers use, so that
/// editors and terminals can jump to the place).
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (as given by the caller), or a label such as "<text>" for in-memory input.
    public var file: String
    /// 1-based line number, nil when the problem concerns the whole file.
    public var line: Int?
    /// What is wrong, naming the column and the offending value where there is one.
    public var message: String

    /// Creates an error at `line` of `file` (nil for the whole file).
    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `file: message` when there is no line.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
