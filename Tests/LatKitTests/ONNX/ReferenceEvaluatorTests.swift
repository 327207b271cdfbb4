import LatKitONNX
import XCTest

/// The reference evaluator against hand-computed results, so that it can serve as the reference
/// for exported models and inference engines.
final class ReferenceEvaluatorTests: XCTestCase {
    private typealias Tensor = ReferenceEvaluator.Tensor

    /// A one-node model applying `node` (reading "input" and the initializers) to give "output".
    private func model(_ node: ONNXNode, initializers: [ONNXTensor], input: [Int], output: [Int]) -> ONNXModel {
        ONNXModel(
            graph: ONNXGraph(
                name: "test", nodes: [node], initializers: initializers,
                input: ONNXValueInfo(name: "input", dims: [.symbolic("N")] + input.map(ONNXDimension.fixed)),
                output: ONNXValueInfo(name: "output", dims: [.symbolic("N")] + output.map(ONNXDimension.fixed))))
    }

    private func evaluate(_ model: ONNXModel, _ input: Tensor) throws -> Tensor {
        try ReferenceEvaluator(try ONNXModel(serialized: model.serialized())).evaluate(input)
    }

    func testStridedPaddedConvolution() throws {
        // A Sobel-x kernel with bias 0.5, stride 2 and padding 1 on the 3x3 image 1...9: the four
        // outputs sit at the corners, each summing the visible part of the kernel.
        let conv = ONNXNode(
            opType: "Conv", inputs: ["input", "w", "b"], outputs: ["output"],
            attributes: [.ints("kernel_shape", [3, 3]), .ints("strides", [2, 2]), .ints("pads", [1, 1, 1, 1]), .int("group", 1)])
        let sobel = ONNXTensor(name: "w", dims: [1, 1, 3, 3], values: [1, 0, -1, 2, 0, -2, 1, 0, -1])
        let net = model(
            conv, initializers: [sobel, ONNXTensor(name: "b", dims: [1], values: [0.5])], input: [1, 3, 3], output: [1, 2, 2])
        let output = try evaluate(net, Tensor(shape: [1, 1, 3, 3], values: (1...9).map(Float.init)))
        XCTAssertEqual(output, Tensor(shape: [1, 1, 2, 2], values: [-8.5, 9.5, -20.5, 21.5]))
    }

    func testGroupedConvolution() throws {
        // Two groups of two input channels, one output channel each, 1x1 kernel:
        // out0 = 1 x0 + 2 x1, out1 = 3 x2 + 4 x3.
        let conv = ONNXNode(opType: "Conv", inputs: ["input", "w"], outputs: ["output"], attributes: [.int("group", 2)])
        let weight = ONNXTensor(name: "w", dims: [2, 2, 1, 1], values: [1, 2, 3, 4])
        let output = try evaluate(
            model(conv, initializers: [weight], input: [4, 1, 2], output: [2, 1, 2]),
            Tensor(shape: [1, 4, 1, 2], values: [1, 2, 3, 4, 5, 6, 7, 8]))
        XCTAssertEqual(output, Tensor(shape: [1, 2, 1, 2], values: [7, 10, 43, 50]))
    }

    func testDepthwiseConvolutionOfABatch() throws {
        // Depthwise 3x3 box filters (weights 1 and 2), same padding: each output is the sum of the
        // in-bounds 3x3 neighbourhood; channel 1 holds ten times channel 0, with weight 2.
        let conv = ONNXNode(
            opType: "Conv", inputs: ["input", "w"], outputs: ["output"], attributes: [.ints("pads", [1, 1, 1, 1]), .int("group", 2)])
        let weight = ONNXTensor(name: "w", dims: [2, 1, 3, 3], values: [Float](repeating: 1, count: 9) + [Float](repeating: 2, count: 9))
        let image = (1...9).map(Float.init)
        let sample = image + image.map { 10 * $0 }
        let output = try evaluate(
            model(conv, initializers: [weight], input: [2, 3, 3], output: [2, 3, 3]), Tensor(shape: [2, 2, 3, 3], values: sample + sample))
        let boxSums: [Float] = [12, 21, 16, 27, 45, 33, 24, 39, 28]
        let expected = boxSums + boxSums.map { 20 * $0 }
        XCTAssertEqual(output, Tensor(shape: [2, 2, 3, 3], values: expected + expected))
    }

    func testHardSigmoidAndHardSwish() throws {
        let x: [Float] = [-4, -3, -1, 0, 1, 3, 4]
        let sigmoidBuilder = ONNXGraphBuilder(name: "hsig", inputShape: [7])
        let sigmoid = sigmoidBuilder.model(output: sigmoidBuilder.hardSigmoid(sigmoidBuilder.input))
        XCTAssertEqual(sigmoid.graph.nodes[0].attribute("alpha"), .float(1.0 / 6.0))
        XCTAssertEqual(sigmoid.graph.nodes[0].attribute("beta"), .float(0.5))
        let sigmoidOutput = try evaluate(sigmoid, Tensor(shape: [1, 7], values: x)).values
        for (actual, expected) in zip(sigmoidOutput, [0, 0, 1.0 / 3, 0.5, 2.0 / 3, 1, 1] as [Float]) {
            XCTAssertEqual(actual, expected, accuracy: 1e-6)
        }
        let swishBuilder = ONNXGraphBuilder(name: "hswish", inputShape: [7])
        let swish = swishBuilder.model(output: swishBuilder.hardSwish(swishBuilder.input))
        let swishOutput = try evaluate(swish, Tensor(shape: [1, 7], values: x)).values
        for (actual, expected) in zip(swishOutput, [0, 0, -1.0 / 3, 0, 2.0 / 3, 3, 4] as [Float]) {
            XCTAssertEqual(actual, expected, accuracy: 1e-6)
        }
    }

    func testPoolBroadcastMultiplyAddFlattenAndGemm() throws {
        // x * mean(x) + x per channel: channel means 2.5 and 6.5, so the map becomes x * 3.5 and
        // x * 7.5; an all-ones Gemm row sums it (35 + 195 = 230), a second row with bias 1 takes
        // the first element (3.5 + 1).
        let nodes = [
            ONNXNode(opType: "GlobalAveragePool", inputs: ["input"], outputs: ["mean"]),
            ONNXNode(opType: "Mul", inputs: ["input", "mean"], outputs: ["scaled"]),
            ONNXNode(opType: "Add", inputs: ["scaled", "input"], outputs: ["sum"]),
            ONNXNode(opType: "Flatten", inputs: ["sum"], outputs: ["flat"], attributes: [.int("axis", 1)]),
            ONNXNode(opType: "Gemm", inputs: ["flat", "w", "b"], outputs: ["output"], attributes: [.int("transB", 1)]),
        ]
        let weight = ONNXTensor(name: "w", dims: [2, 8], values: [Float](repeating: 1, count: 8) + [1] + [Float](repeating: 0, count: 7))
        let graph = ONNXGraph(
            name: "head", nodes: nodes, initializers: [weight, ONNXTensor(name: "b", dims: [2], values: [0, 1])],
            input: ONNXValueInfo(name: "input", dims: [.symbolic("N"), .fixed(2), .fixed(2), .fixed(2)]),
            output: ONNXValueInfo(name: "output", dims: [.symbolic("N"), .fixed(2)]))
        let output = try evaluate(ONNXModel(graph: graph), Tensor(shape: [1, 2, 2, 2], values: (1...8).map(Float.init)))
        XCTAssertEqual(output, Tensor(shape: [1, 2], values: [230, 4.5]))
    }

    func testRejectsWhatItDoesNotImplement() {
        let unknown = model(ONNXNode(opType: "Sigmoid", inputs: ["input"], outputs: ["output"]), initializers: [], input: [1], output: [1])
        XCTAssertThrowsError(try evaluate(unknown, Tensor(shape: [1, 1], values: [0])))
        let dilated = model(
            ONNXNode(opType: "Relu", inputs: ["input"], outputs: ["output"], attributes: [.int("dilations", 2)]), initializers: [],
            input: [1],
            output: [1])
        XCTAssertThrowsError(try evaluate(dilated, Tensor(shape: [1, 1], values: [0])))
        let relu = model(ONNXNode(opType: "Relu", inputs: ["input"], outputs: ["output"]), initializers: [], input: [2], output: [2])
        XCTAssertThrowsError(try evaluate(relu, Tensor(shape: [1, 3], values: [0, 0, 0])), "input of the wrong shape")
    }
}
