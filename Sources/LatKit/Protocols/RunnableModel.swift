/// A network a profiler can run: the bytes a search space exported for an architecture or a
/// single operator (`export_models` / `export_operators`, ABI 1.1), with its input shape.
public struct RunnableModel: Sendable, Equatable {
    /// The model file's bytes, e.g. a serialized ONNX ModelProto.
    public var bytes: [UInt8]
    /// The input's channels, height and width; the batch dimension is left to the profiler.
    public var inputShape: (channels: Int, height: Int, width: Int)

    /// Wraps exported bytes and their input shape.
    public init(bytes: [UInt8], inputShape: (channels: Int, height: Int, width: Int)) {
        self.bytes = bytes
        self.inputShape = inputShape
    }

    public static func == (lhs: RunnableModel, rhs: RunnableModel) -> Bool {
        lhs.bytes == rhs.bytes && lhs.inputShape == rhs.inputShape
    }
}

/// The runnable models of a batch's rows, all in one format.
public struct RunnableModels: Sendable, Equatable {
    /// The format every model is in, e.g. "onnx".
    public var format: String
    /// One model per row.
    public var models: [RunnableModel]

    /// Groups `models` written in `format`.
    public init(format: String, models: [RunnableModel]) {
        self.format = format
        self.models = models
    }
}
