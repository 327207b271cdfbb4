/// A pipeline that cannot be set up: a missing model file, plugin, library or symbol, or
/// evaluators that do not fit together. One line, naming what is missing.
public struct SearchSetupError: Error, CustomStringConvertible {
    /// What is wrong.
    public var description: String
    /// Creates the error with its one-line message.
    public init(_ description: String) { self.description = description }
}
