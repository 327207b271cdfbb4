/// A parsed extension-function signature such as `d(d,d)` (see `latkit_function` in the ABI).
public struct FunctionSignature: Equatable, Sendable {
    /// One C type of the signature language.
    public enum ValueType: Character, Sendable {
        case void = "v"
        case int32 = "i"
        case int64 = "l"
        case float = "f"
        case double = "d"
        case string = "s"
    }

    /// The return type (`v` for none).
    public var result: ValueType
    /// The argument types, in order; never `void`.
    public var arguments: [ValueType]

    /// Parses `r(a,b,...)`; `v` may appear only as the result.
    public init(parsing text: String) throws {
        let compact = text.filter { $0 != " " }
        guard let open = compact.firstIndex(of: "("), compact.last == ")", compact.distance(from: compact.startIndex, to: open) == 1,
            let result = ValueType(rawValue: compact.first!)
        else {
            throw SignatureError(message: "signature '\(text)' is not of the form r(a,b,...) with letters v i l f d s")
        }
        let inner = compact[compact.index(after: open)..<compact.index(before: compact.endIndex)]
        var arguments: [ValueType] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) where !inner.isEmpty {
            guard part.count == 1, let type = ValueType(rawValue: part.first!), type != .void else {
                throw SignatureError(message: "signature '\(text)': argument '\(part)' is not one of i l f d s")
            }
            arguments.append(type)
        }
        self.result = result
        self.arguments = arguments
    }
}

/// A malformed signature, or arguments that do not fit one.
public struct SignatureError: Error, CustomStringConvertible {
    /// What is wrong, quoting the signature or argument at fault.
    public var message: String
    /// The message as it is.
    public var description: String { message }
}
