/// A constant float32 tensor (`onnx.TensorProto` with data type FLOAT), stored row-major.
public struct ONNXTensor: Equatable, Sendable {
    /// The name nodes refer to it by.
    public var name: String
    /// The shape, e.g. `[out, in / groups, k, k]` for a Conv weight.
    public var dims: [Int]
    /// The elements in row-major order; `values.count` is the product of `dims`.
    public var values: [Float]

    /// A tensor of shape `dims` holding `values` (row-major; as many as the shape has elements).
    public init(name: String, dims: [Int], values: [Float]) {
        precondition(dims.allSatisfy { $0 >= 0 }, "tensor \(name): negative dimension in \(dims)")
        precondition(values.count == dims.reduce(1, *), "tensor \(name): \(values.count) values for shape \(dims)")
        self.name = name
        self.dims = dims
        self.values = values
    }
}
