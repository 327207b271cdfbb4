import LatKitONNX

/// A naive float32 NCHW interpreter of exactly the operators LatencyKit's ONNX export uses (Conv,
/// Relu, HardSwish, HardSigmoid, GlobalAveragePool, Mul, Add, Flatten, Gemm), written from the
/// ONNX operator specifications with plain loops and double accumulation: the reference the
/// exported models and an inference engine are checked against.
///
/// Unsupported operators, attributes or attribute values throw rather than compute something else.
struct ReferenceEvaluator {
    /// A dense row-major float32 tensor.
    struct Tensor: Equatable {
        var shape: [Int]
        var values: [Float]

        init(shape: [Int], values: [Float]) {
            precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
            self.shape = shape
            self.values = values
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let model: ONNXModel

    init(_ model: ONNXModel) { self.model = model }

    /// Runs the graph on `input` (its shape must match the graph input's fixed dimensions) and
    /// returns the graph output.
    func evaluate(_ input: Tensor) throws -> Tensor {
        let graph = model.graph
        guard input.shape.count == graph.input.dims.count else { throw Failure(description: "input rank \(input.shape) does not match") }
        for (size, dim) in zip(input.shape, graph.input.dims) {
            if case .fixed(let fixed) = dim, fixed != size {
                throw Failure(description: "input shape \(input.shape) does not match \(graph.input.dims)")
            }
        }
        var values: [String: Tensor] = [graph.input.name: input]
        for tensor in graph.initializers { values[tensor.name] = Tensor(shape: tensor.dims, values: tensor.values) }
        for node in graph.nodes {
            let inputs = try node.inputs.map { name in
                guard let value = values[name] else { throw Failure(description: "node \(node.name) reads unknown tensor '\(name)'") }
                return value
            }
            guard node.outputs.count == 1 else { throw Failure(description: "node \(node.name) has \(node.outputs.count) outputs") }
            values[node.outputs[0]] = try Self.run(node, inputs)
        }
        guard let output = values[graph.output.name] else { throw Failure(description: "no node writes the output") }
        return output
    }

    // MARK: Operators

    private static func run(_ node: ONNXNode, _ inputs: [Tensor]) throws -> Tensor {
        let known: Set<String>
        let result: Tensor
        switch node.opType {
        case "Conv":
            known = ["kernel_shape", "strides", "pads", "group", "dilations"]
            result = try conv(node, inputs)
        case "Relu":
            known = []
            result = try unary(node, inputs) { max($0, 0) }
        case "HardSigmoid":
            known = ["alpha", "beta"]
            let alpha = try float(node, "alpha", default: 0.2)
            let beta = try float(node, "beta", default: 0.5)
            result = try unary(node, inputs) { min(max(alpha * $0 + beta, 0), 1) }
        case "HardSwish":
            known = []
            result = try unary(node, inputs) { $0 * min(max($0 / 6 + 0.5, 0), 1) }
        case "GlobalAveragePool":
            known = []
            result = try globalAveragePool(node, inputs)
        case "Mul":
            known = []
            result = try broadcast(node, inputs, *)
        case "Add":
            known = []
            result = try broadcast(node, inputs, +)
        case "Flatten":
            known = ["axis"]
            result = try flatten(node, inputs)
        case "Gemm":
            known = ["alpha", "beta", "transA", "transB"]
            result = try gemm(node, inputs)
        default:
            throw Failure(description: "unsupported operator \(node.opType)")
        }
        if let unknown = node.attributes.first(where: { !known.contains($0.name) }) {
            throw Failure(description: "\(node.opType) \(node.name): unsupported attribute \(unknown.name)")
        }
        return result
    }

    private static func conv(_ node: ONNXNode, _ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 2 || inputs.count == 3 else { throw Failure(description: "Conv \(node.name) needs 2 or 3 inputs") }
        let (x, w) = (inputs[0], inputs[1])
        guard x.shape.count == 4, w.shape.count == 4 else { throw Failure(description: "Conv \(node.name): only 2-D convolution") }
        let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outChannels, groupChannels, kernelH, kernelW) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let group = try int(node, "group", default: 1)
        let strides = try ints(node, "strides", default: [1, 1])
        let pads = try ints(node, "pads", default: [0, 0, 0, 0])
        guard try ints(node, "dilations", default: [1, 1]) == [1, 1] else { throw Failure(description: "Conv: dilation unsupported") }
        guard try ints(node, "kernel_shape", default: [kernelH, kernelW]) == [kernelH, kernelW], strides.count == 2, pads.count == 4,
            group > 0, channels == groupChannels * group, outChannels % group == 0
        else { throw Failure(description: "Conv \(node.name): inconsistent shapes or attributes") }
        let bias = inputs.count == 3 ? inputs[2].values : [Float](repeating: 0, count: outChannels)
        guard bias.count == outChannels else { throw Failure(description: "Conv \(node.name): bias size") }
        let outH = (height + pads[0] + pads[2] - kernelH) / strides[0] + 1
        let outW = (width + pads[1] + pads[3] - kernelW) / strides[1] + 1
        let outPerGroup = outChannels / group
        var out = [Float](repeating: 0, count: batch * outChannels * outH * outW)
        for n in 0..<batch {
            for m in 0..<outChannels {
                let firstChannel = m / outPerGroup * groupChannels
                for oy in 0..<outH {
                    for ox in 0..<outW {
                        var sum = Double(bias[m])
                        for c in 0..<groupChannels {
                            for ky in 0..<kernelH {
                                let iy = oy * strides[0] - pads[0] + ky
                                guard iy >= 0, iy < height else { continue }
                                for kx in 0..<kernelW {
                                    let ix = ox * strides[1] - pads[1] + kx
                                    guard ix >= 0, ix < width else { continue }
                                    let xv = x.values[((n * channels + firstChannel + c) * height + iy) * width + ix]
                                    let wv = w.values[((m * groupChannels + c) * kernelH + ky) * kernelW + kx]
                                    sum += Double(xv) * Double(wv)
                                }
                            }
                        }
                        out[((n * outChannels + m) * outH + oy) * outW + ox] = Float(sum)
                    }
                }
            }
        }
        return Tensor(shape: [batch, outChannels, outH, outW], values: out)
    }

    private static func unary(_ node: ONNXNode, _ inputs: [Tensor], _ function: (Float) -> Float) throws -> Tensor {
        guard inputs.count == 1 else { throw Failure(description: "\(node.opType) \(node.name) needs 1 input") }
        return Tensor(shape: inputs[0].shape, values: inputs[0].values.map(function))
    }

    private static func globalAveragePool(_ node: ONNXNode, _ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 1, inputs[0].shape.count >= 3 else {
            throw Failure(description: "GlobalAveragePool needs one [N, C, ...] input")
        }
        let x = inputs[0]
        let area = x.shape[2...].reduce(1, *)
        let planes = x.shape[0] * x.shape[1]
        let values = (0..<planes).map { plane in
            Float(x.values[plane * area..<(plane + 1) * area].reduce(0.0) { $0 + Double($1) } / Double(area))
        }
        return Tensor(shape: Array(x.shape[..<2]) + Array(repeating: 1, count: x.shape.count - 2), values: values)
    }

    /// Elementwise `function` with numpy broadcasting.
    private static func broadcast(_ node: ONNXNode, _ inputs: [Tensor], _ function: (Float, Float) -> Float) throws -> Tensor {
        guard inputs.count == 2 else { throw Failure(description: "\(node.opType) \(node.name) needs 2 inputs") }
        let rank = max(inputs[0].shape.count, inputs[1].shape.count)
        let shapes = inputs.map { Array(repeating: 1, count: rank - $0.shape.count) + $0.shape }
        var shape: [Int] = []
        for (a, b) in zip(shapes[0], shapes[1]) {
            guard a == b || a == 1 || b == 1 else { throw Failure(description: "\(node.opType): \(shapes) do not broadcast") }
            shape.append(max(a, b))
        }
        // Row-major strides of each input, 0 along broadcast dimensions.
        let strides = shapes.map { inputShape in
            var strides = [Int](repeating: 0, count: rank)
            var step = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                strides[axis] = inputShape[axis] == 1 ? 0 : step
                step *= inputShape[axis]
            }
            return strides
        }
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count {
            var rest = index
            var offsets = [0, 0]
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                let coordinate = rest % shape[axis]
                rest /= shape[axis]
                offsets[0] += coordinate * strides[0][axis]
                offsets[1] += coordinate * strides[1][axis]
            }
            values[index] = function(inputs[0].values[offsets[0]], inputs[1].values[offsets[1]])
        }
        return Tensor(shape: shape, values: values)
    }

    private static func flatten(_ node: ONNXNode, _ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 1 else { throw Failure(description: "Flatten needs 1 input") }
        let shape = inputs[0].shape
        var axis = try int(node, "axis", default: 1)
        if axis < 0 { axis += shape.count }
        guard axis >= 0, axis <= shape.count else { throw Failure(description: "Flatten: axis out of range") }
        return Tensor(shape: [shape[..<axis].reduce(1, *), shape[axis...].reduce(1, *)], values: inputs[0].values)
    }

    private static func gemm(_ node: ONNXNode, _ inputs: [Tensor]) throws -> Tensor {
        guard inputs.count == 2 || inputs.count == 3, inputs[0].shape.count == 2, inputs[1].shape.count == 2 else {
            throw Failure(description: "Gemm \(node.name) needs 2-D A and B")
        }
        let (a, b) = (inputs[0], inputs[1])
        let transA = try int(node, "transA", default: 0) != 0
        let transB = try int(node, "transB", default: 0) != 0
        let alpha = Double(try float(node, "alpha", default: 1))
        let beta = Double(try float(node, "beta", default: 1))
        let (rows, inner) = transA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (innerB, columns) = transB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard inner == innerB else { throw Failure(description: "Gemm \(node.name): inner sizes \(inner) and \(innerB)") }
        let aAt = { (i: Int, k: Int) in Double(transA ? a.values[k * rows + i] : a.values[i * inner + k]) }
        let bAt = { (k: Int, j: Int) in Double(transB ? b.values[j * inner + k] : b.values[k * columns + j]) }
        var product = Tensor(shape: [rows, columns], values: [Float](repeating: 0, count: rows * columns))
        for i in 0..<rows {
            for j in 0..<columns {
                var sum = 0.0
                for k in 0..<inner { sum += aAt(i, k) * bAt(k, j) }
                product.values[i * columns + j] = Float(alpha * sum)
            }
        }
        guard inputs.count == 3 else { return product }
        let scaledC = Tensor(shape: inputs[2].shape, values: inputs[2].values.map { Float(beta * Double($0)) })
        let sum = try broadcast(ONNXNode(opType: "Add", inputs: [], outputs: []), [product, scaledC], +)
        guard sum.shape == product.shape else { throw Failure(description: "Gemm \(node.name): C does not broadcast to [M, N]") }
        return sum
    }

    // MARK: Attributes

    private static func int(_ node: ONNXNode, _ name: String, default value: Int) throws -> Int {
        switch node.attribute(name) {
        case nil: return value
        case .int(let int): return int
        default: throw Failure(description: "\(node.opType) \(node.name): attribute \(name) is not an int")
        }
    }

    private static func ints(_ node: ONNXNode, _ name: String, default value: [Int]) throws -> [Int] {
        switch node.attribute(name) {
        case nil: return value
        case .ints(let ints): return ints
        default: throw Failure(description: "\(node.opType) \(node.name): attribute \(name) is not a list of ints")
        }
    }

    private static func float(_ node: ONNXNode, _ name: String, default value: Float) throws -> Float {
        switch node.attribute(name) {
        case nil: return value
        case .float(let float): return float
        default: throw Failure(description: "\(node.opType) \(node.name): attribute \(name) is not a float")
        }
    }
}
