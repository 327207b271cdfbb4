import LatKitRandom

/// Builds a float32 NCHW inference graph one operator at a time: unique tensor and node names,
/// shape tracking, and deterministic pseudo-random weights, so that a network description turns
/// into an `ONNXModel` an engine can time.
///
/// The graph input is named "input" with shape `[N, inputShape...]` and the output "output"
/// with shape `[N, ...]`, where "N" is a symbolic batch dimension the runtime binds. Each
/// method takes the name of an existing tensor (`input` or an earlier result) and returns the
/// name of its result. Shapes are checked as the graph grows; a mismatch is a programming
/// error and stops the program.
///
/// Weights are uniform with a He-like variance `gain / fanIn` (gain 2 suits a layer followed by
/// ReLU-like activations), biases uniform in [-0.1, 0.1]. Tensor `k` (the k-th initializer) draws
/// from a generator seeded by the model seed and `k`, so the same calls with the same seed give
/// the same model on every machine. Engines' CPU kernels take the same time whatever the values.
///
/// A class, so that calls nest in any order: `builder.model(output: builder.relu(x))` sees the
/// node the inner call added.
public final class ONNXGraphBuilder {
    /// The name of the graph input.
    public static let inputName = "input"
    /// The name of the graph output.
    public static let outputName = "output"
    /// The symbolic batch dimension of the input and output.
    public static let batchSymbol = "N"

    /// The graph's name.
    public let name: String
    /// The seed of the weights.
    public let seed: UInt64
    private var nodes: [ONNXNode] = []
    private var initializers: [ONNXTensor] = []
    /// Per-sample shapes (without the batch dimension) of every tensor so far.
    private var shapes: [String: [Int]]

    /// A builder whose input has per-sample shape `inputShape`, e.g. `[C, H, W]`.
    public init(name: String, inputShape: [Int], seed: UInt64 = 0) {
        precondition(inputShape.allSatisfy { $0 > 0 }, "input shape \(inputShape) must be positive")
        self.name = name
        self.seed = seed
        shapes = [Self.inputName: inputShape]
    }

    /// The name of the graph input ("input").
    public var input: String { Self.inputName }

    /// The per-sample shape of `tensor` (its shape without the batch dimension).
    public func shape(of tensor: String) -> [Int] {
        guard let shape = shapes[tensor] else { preconditionFailure("unknown tensor '\(tensor)'") }
        return shape
    }

    // MARK: Operators

    /// A 2-D convolution (`Conv`) of an `[C, H, W]` tensor: padding `kernel / 2` on every side
    /// (OFA's same padding for odd kernels), `groups` groups (`groups == C` is depthwise), weight
    /// `[outChannels, C / groups, kernel, kernel]` with variance `gain / fanIn`, and a bias when
    /// `bias` (a conv followed by batch norm is a conv with a bias once the norm is folded in).
    public func conv(
        _ input: String, outChannels: Int, kernel: Int, stride: Int = 1, groups: Int = 1, bias: Bool, gain: Float = 2
    ) -> String {
        let inShape = shape(of: input)
        precondition(inShape.count == 3, "Conv needs a [C, H, W] input; '\(input)' is \(inShape)")
        let inChannels = inShape[0]
        precondition(kernel > 0 && stride > 0 && groups > 0, "Conv: kernel, stride and groups must be positive")
        precondition(
            inChannels % groups == 0 && outChannels % groups == 0, "Conv: \(groups) groups do not divide \(inChannels) -> \(outChannels)")
        let pad = kernel / 2
        let outSize = inShape[1...].map { ($0 + 2 * pad - kernel) / stride + 1 }
        let node = nextNodeName("Conv")
        let fanIn = inChannels / groups * kernel * kernel
        var inputs = [input, addWeight(node, dims: [outChannels, inChannels / groups, kernel, kernel], fanIn: fanIn, gain: gain)]
        if bias { inputs.append(addBias(node, count: outChannels)) }
        return append(
            node, opType: "Conv", inputs: inputs, shape: [outChannels] + outSize,
            attributes: [
                .ints("kernel_shape", [kernel, kernel]), .ints("strides", [stride, stride]),
                .ints("pads", [pad, pad, pad, pad]), .int("group", groups),
            ])
    }

    /// `Relu`: max(x, 0).
    public func relu(_ input: String) -> String { elementwise("Relu", input) }

    /// `HardSwish`: x * max(0, min(1, x / 6 + 1/2)), OFA's and PyTorch's h-swish.
    public func hardSwish(_ input: String) -> String { elementwise("HardSwish", input) }

    /// `HardSigmoid` with alpha 1/6 and beta 1/2: max(0, min(1, x / 6 + 1/2)), PyTorch's
    /// Hardsigmoid (ONNX's default alpha 0.2 differs).
    public func hardSigmoid(_ input: String) -> String {
        elementwise("HardSigmoid", input, attributes: [.float("alpha", 1.0 / 6.0), .float("beta", 0.5)])
    }

    /// `GlobalAveragePool`: the mean over every spatial position, `[C, H, W]` -> `[C, 1, 1]`.
    public func globalAveragePool(_ input: String) -> String {
        let inShape = shape(of: input)
        precondition(inShape.count >= 2, "GlobalAveragePool needs a [C, spatial...] input; '\(input)' is \(inShape)")
        return append(
            nextNodeName("GlobalAveragePool"), opType: "GlobalAveragePool", inputs: [input],
            shape: [inShape[0]] + Array(repeating: 1, count: inShape.count - 1))
    }

    /// `Mul`: the elementwise product, broadcasting as numpy does (e.g. `[C, H, W]` x `[C, 1, 1]`).
    public func mul(_ lhs: String, _ rhs: String) -> String { binary("Mul", lhs, rhs) }

    /// `Add`: the elementwise sum, broadcasting as numpy does.
    public func add(_ lhs: String, _ rhs: String) -> String { binary("Add", lhs, rhs) }

    /// `Flatten` with axis 1: `[N, d1, d2, ...]` -> `[N, d1 * d2 * ...]`.
    public func flatten(_ input: String) -> String {
        append(
            nextNodeName("Flatten"), opType: "Flatten", inputs: [input], shape: [shape(of: input).reduce(1, *)],
            attributes: [.int("axis", 1)])
    }

    /// `Gemm` as a fully connected layer of a `[features]` tensor: `x W^T + b` with `W`
    /// `[outFeatures, features]` (transB = 1) of variance `gain / features`, and bias `b`.
    public func gemm(_ input: String, outFeatures: Int, gain: Float = 1) -> String {
        let inShape = shape(of: input)
        precondition(inShape.count == 1, "Gemm needs a [features] input; '\(input)' is \(inShape); flatten it first")
        let node = nextNodeName("Gemm")
        let weight = addWeight(node, dims: [outFeatures, inShape[0]], fanIn: inShape[0], gain: gain)
        return append(
            node, opType: "Gemm", inputs: [input, weight, addBias(node, count: outFeatures)], shape: [outFeatures],
            attributes: [.int("transB", 1)])
    }

    // MARK: Finishing

    /// The model whose output is `output` (an operator's result), renamed "output".
    public func model(output: String) -> ONNXModel {
        precondition(output != Self.inputName, "the output must be an operator's result, not the input")
        let outputShape = shape(of: output)
        let rename = { (tensor: String) in tensor == output ? Self.outputName : tensor }
        let renamed = nodes.map { node in
            var node = node
            node.inputs = node.inputs.map(rename)
            node.outputs = node.outputs.map(rename)
            return node
        }
        let batched = { (shape: [Int]) in [ONNXDimension.symbolic(Self.batchSymbol)] + shape.map(ONNXDimension.fixed) }
        let graph = ONNXGraph(
            name: name, nodes: renamed, initializers: initializers,
            input: ONNXValueInfo(name: Self.inputName, dims: batched(shape(of: Self.inputName))),
            output: ONNXValueInfo(name: Self.outputName, dims: batched(outputShape)))
        return ONNXModel(graph: graph)
    }

    // MARK: Helpers

    private func nextNodeName(_ opType: String) -> String { "\(opType)_\(nodes.count)" }

    /// Appends a node with one output named after the node, of per-sample shape `shape`.
    private func append(
        _ node: String, opType: String, inputs: [String], shape: [Int], attributes: [ONNXAttribute] = []
    ) -> String {
        let output = node + "_out"
        nodes.append(ONNXNode(opType: opType, inputs: inputs, outputs: [output], attributes: attributes, name: node))
        shapes[output] = shape
        return output
    }

    private func elementwise(_ opType: String, _ input: String, attributes: [ONNXAttribute] = []) -> String {
        append(nextNodeName(opType), opType: opType, inputs: [input], shape: shape(of: input), attributes: attributes)
    }

    private func binary(_ opType: String, _ lhs: String, _ rhs: String) -> String {
        let left = shape(of: lhs)
        let right = shape(of: rhs)
        let rank = max(left.count, right.count)
        let padded = { (shape: [Int]) in Array(repeating: 1, count: rank - shape.count) + shape }
        let result = zip(padded(left), padded(right)).map { a, b in
            precondition(a == b || a == 1 || b == 1, "\(opType): shapes \(left) and \(right) do not broadcast")
            return max(a, b)
        }
        return append(nextNodeName(opType), opType: opType, inputs: [lhs, rhs], shape: result)
    }

    /// Adds a weight initializer uniform in +-sqrt(3 gain / fanIn) (variance gain / fanIn).
    private func addWeight(_ node: String, dims: [Int], fanIn: Int, gain: Float) -> String {
        addInitializer(node + "_weight", dims: dims, bound: (3 * gain / Float(fanIn)).squareRoot())
    }

    private func addBias(_ node: String, count: Int) -> String {
        addInitializer(node + "_bias", dims: [count], bound: 0.1)
    }

    private func addInitializer(_ name: String, dims: [Int], bound: Float) -> String {
        var random = SeededGenerator(seed: seed ^ (UInt64(initializers.count) &* 0x9E37_79B9_7F4A_7C15))
        let values = (0..<dims.reduce(1, *)).map { _ in Float(2 * random.double() - 1) * bound }
        initializers.append(ONNXTensor(name: name, dims: dims, values: values))
        return name
    }
}
