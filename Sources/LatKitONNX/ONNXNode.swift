/// One operator application (`onnx.NodeProto`) of the default ONNX domain.
public struct ONNXNode: Equatable, Sendable {
    /// The operator, e.g. "Conv", "HardSwish", "Gemm".
    public var opType: String
    /// Names of the tensors the node reads, in the operator's input order.
    public var inputs: [String]
    /// Names of the tensors the node writes.
    public var outputs: [String]
    /// The operator's attributes, e.g. `kernel_shape` of a Conv.
    public var attributes: [ONNXAttribute]
    /// The node's name (unique within a graph by convention; for diagnostics and profiles).
    public var name: String

    /// A node applying `opType` to `inputs`, writing `outputs`.
    public init(opType: String, inputs: [String], outputs: [String], attributes: [ONNXAttribute] = [], name: String = "") {
        self.opType = opType
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
        self.name = name
    }

    /// The value of the attribute named `name`, or nil when the node does not set it.
    public func attribute(_ name: String) -> ONNXAttribute.Value? {
        attributes.last { $0.name == name }?.value
    }
}

/// A named operator attribute (`onnx.AttributeProto`) of one of the three types the supported
/// operators need.
public struct ONNXAttribute: Equatable, Sendable {
    /// An attribute's value.
    public enum Value: Equatable, Sendable {
        /// A 64-bit integer (`AttributeProto.i`, type INT).
        case int(Int)
        /// A 32-bit float (`AttributeProto.f`, type FLOAT).
        case float(Float)
        /// A list of 64-bit integers (`AttributeProto.ints`, type INTS).
        case ints([Int])
    }

    /// The attribute's name, e.g. "group".
    public var name: String
    /// The attribute's value.
    public var value: Value

    /// An attribute `name` holding `value`.
    public init(name: String, value: Value) {
        self.name = name
        self.value = value
    }

    /// An integer attribute.
    public static func int(_ name: String, _ value: Int) -> ONNXAttribute { ONNXAttribute(name: name, value: .int(value)) }
    /// A float attribute.
    public static func float(_ name: String, _ value: Float) -> ONNXAttribute { ONNXAttribute(name: name, value: .float(value)) }
    /// An integer-list attribute.
    public static func ints(_ name: String, _ values: [Int]) -> ONNXAttribute { ONNXAttribute(name: name, value: .ints(values)) }
}
