/// An ONNX model holding one float32 graph: the subset of `onnx.ModelProto` that LatencyKit writes
/// (and reads back) to time real networks in an inference engine.
///
/// `serialized()` gives the protobuf bytes of an `.onnx` file; `init(serialized:)` reads such
/// bytes back.
public struct ONNXModel: Equatable, Sendable {
    /// The IR version (`ModelProto.ir_version`); 8 is the one of ONNX 1.10..1.12, read by every
    /// current runtime.
    public var irVersion: Int
    /// The version of the default operator set (`ai.onnx`) the graph uses.
    public var opsetVersion: Int
    /// The tool that wrote the model (`ModelProto.producer_name`).
    public var producerName: String
    /// The network.
    public var graph: ONNXGraph

    /// A model of `graph`; by default IR version 8, opset 17, produced by "latkit".
    public init(graph: ONNXGraph, irVersion: Int = 8, opsetVersion: Int = 17, producerName: String = "latkit") {
        self.graph = graph
        self.irVersion = irVersion
        self.opsetVersion = opsetVersion
        self.producerName = producerName
    }
}

/// A computation graph with one input and one output (`onnx.GraphProto`): nodes in topological
/// order, and the constant tensors (weights) they read.
public struct ONNXGraph: Equatable, Sendable {
    /// The graph's name.
    public var name: String
    /// The operators, each after the nodes that produce its inputs.
    public var nodes: [ONNXNode]
    /// Constant tensors (weights and biases), referred to by name from node inputs.
    public var initializers: [ONNXTensor]
    /// The single graph input.
    public var input: ONNXValueInfo
    /// The single graph output.
    public var output: ONNXValueInfo

    /// A graph of `nodes` reading `input` and `initializers`, producing `output`.
    public init(name: String, nodes: [ONNXNode], initializers: [ONNXTensor], input: ONNXValueInfo, output: ONNXValueInfo) {
        self.name = name
        self.nodes = nodes
        self.initializers = initializers
        self.input = input
        self.output = output
    }

    /// The number of weights: the element count of all initializers.
    public var parameterCount: Int { initializers.reduce(0) { $0 + $1.values.count } }
}
