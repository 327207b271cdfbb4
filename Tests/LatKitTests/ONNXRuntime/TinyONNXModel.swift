import LatKitONNX

/// A small ONNX model for the ONNX Runtime tests, written with `LatKitONNX`:
/// `output = Relu(Conv1x1(input, W) + B)`, input [N, inChannels, H, W] with a symbolic batch N,
/// and given (not pseudo-random) weights so the expected output can be computed by hand.
enum TinyONNXModel {
    /// The serialized model with the 1x1 weights [out][in] and biases.
    static func conv1x1Relu(weights: [[Float]], biases: [Float], height: Int, width: Int) -> [UInt8] {
        let outChannels = weights.count
        let inChannels = weights[0].count
        let graph = ONNXGraph(
            name: "tiny",
            nodes: [
                ONNXNode(opType: "Conv", inputs: ["input", "W", "B"], outputs: ["hidden"]),
                ONNXNode(opType: "Relu", inputs: ["hidden"], outputs: ["output"]),
            ],
            initializers: [
                ONNXTensor(name: "W", dims: [outChannels, inChannels, 1, 1], values: weights.flatMap { $0 }),
                ONNXTensor(name: "B", dims: [outChannels], values: biases),
            ],
            input: ONNXValueInfo(name: "input", dims: [.symbolic("N"), .fixed(inChannels), .fixed(height), .fixed(width)]),
            output: ONNXValueInfo(name: "output", dims: [.symbolic("N"), .fixed(outChannels), .fixed(height), .fixed(width)]))
        return ONNXModel(graph: graph).serialized()
    }

    /// The model's output computed directly: input [batch][in][pixels] -> output [batch][out][pixels].
    static func expected(input: [Float], batch: Int, weights: [[Float]], biases: [Float], pixels: Int) -> [Float] {
        var output: [Float] = []
        for n in 0..<batch {
            for (o, row) in weights.enumerated() {
                for p in 0..<pixels {
                    var sum = biases[o]
                    for (i, w) in row.enumerated() { sum += w * input[(n * row.count + i) * pixels + p] }
                    output.append(max(0, sum))
                }
            }
        }
        return output
    }
}
