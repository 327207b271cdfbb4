/// A runnable model a search space hands out for an architecture or one of its operators
/// (`export_models` / `export_operators`, ABI 1.1), as the bytes of a model file in one format.
public struct ExportedModel: Sendable {
    /// The model file's bytes, e.g. a serialized ONNX ModelProto.
    public var bytes: [UInt8]
    /// Input channels, height and width; the batch dimension is symbolic in the model.
    public var channels: Int
    /// Input height.
    public var height: Int
    /// Input width.
    public var width: Int

    /// Wraps a model's bytes and its input shape (without the batch dimension).
    public init(bytes: [UInt8], channels: Int, height: Int, width: Int) {
        self.bytes = bytes
        self.channels = channels
        self.height = height
        self.width = width
    }
}
