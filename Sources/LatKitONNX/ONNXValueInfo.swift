/// The name and float32 tensor type of a graph input or output (`onnx.ValueInfoProto`).
public struct ONNXValueInfo: Equatable, Sendable {
    /// The tensor's name.
    public var name: String
    /// The shape; a dimension is a fixed size or a symbolic name the runtime binds at run time.
    public var dims: [ONNXDimension]

    /// A float32 tensor `name` of shape `dims`.
    public init(name: String, dims: [ONNXDimension]) {
        self.name = name
        self.dims = dims
    }

    /// The fixed sizes of the dimensions after the first (a batch dimension), e.g. `[C, H, W]` of
    /// an `[N, C, H, W]` input; nil when one of them is symbolic.
    public var sampleShape: [Int]? {
        var shape: [Int] = []
        for dim in dims.dropFirst() {
            guard case .fixed(let size) = dim else { return nil }
            shape.append(size)
        }
        return shape
    }
}

/// One dimension of a tensor type (`TensorShapeProto.Dimension`).
public enum ONNXDimension: Equatable, Sendable {
    /// A size known when the model is written (`dim_value`).
    case fixed(Int)
    /// A size named by a symbol (`dim_param`), e.g. "N" for the batch, chosen at run time.
    case symbolic(String)
}
