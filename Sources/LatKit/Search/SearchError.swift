/// A pipeline that cannot be set up or run: a missing model file, library or symbol, evaluators
/// that do not fit together, or a strategy that failed (with what the host saw). One line.
public struct SearchError: Error, CustomStringConvertible {
    /// What is wrong.
    public var description: String
    /// Creates the error with its one-line message.
    public init(_ description: String) { self.description = description }
}
