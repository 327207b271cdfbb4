/// Bytes that are not an ONNX model this library can read: malformed protobuf (a truncated field,
/// a length past the end, an over-long varint, an invalid wire type, invalid UTF-8), a field of the
/// wrong wire type, or content outside the supported subset (another data type or attribute type,
/// several graph inputs). The message says what and where.
public struct ONNXFormatError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, with the byte offset where it helps.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
