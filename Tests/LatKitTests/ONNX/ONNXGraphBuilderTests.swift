import LatKitONNX
import XCTest

/// The graph builder: names, shapes, the batch contract and deterministic weights.
final class ONNXGraphBuilderTests: XCTestCase {
    func testInputAndOutputContract() {
        let model = ONNXSerializationTests.sampleModel()
        XCTAssertEqual(model.graph.input.name, "input")
        XCTAssertEqual(model.graph.output.name, "output")
        XCTAssertEqual(model.graph.input.dims.first, .symbolic("N"))
        XCTAssertEqual(model.graph.output.dims.first, .symbolic("N"))
        XCTAssertEqual(model.graph.input.sampleShape, [4, 6, 6])
        XCTAssertEqual(model.graph.nodes.last?.outputs, ["output"])
        XCTAssertEqual(model.graph.nodes.filter { $0.inputs.contains("output") }.count, 0)
    }

    func testNamesAreUnique() {
        let graph = ONNXSerializationTests.sampleModel().graph
        let tensors = graph.nodes.flatMap(\.outputs) + graph.initializers.map(\.name) + [graph.input.name]
        XCTAssertEqual(Set(tensors).count, tensors.count)
        XCTAssertEqual(Set(graph.nodes.map(\.name)).count, graph.nodes.count)
    }

    func testShapesFollowTheOperators() {
        let builder = ONNXGraphBuilder(name: "shapes", inputShape: [3, 7, 7])
        let strided = builder.conv(builder.input, outChannels: 8, kernel: 5, stride: 2, bias: false)
        XCTAssertEqual(builder.shape(of: strided), [8, 4, 4])
        let pooled = builder.globalAveragePool(strided)
        XCTAssertEqual(builder.shape(of: pooled), [8, 1, 1])
        XCTAssertEqual(builder.shape(of: builder.mul(strided, pooled)), [8, 4, 4])
        let flat = builder.flatten(strided)
        XCTAssertEqual(builder.shape(of: flat), [128])
        let logits = builder.gemm(flat, outFeatures: 10)
        XCTAssertEqual(builder.model(output: logits).graph.output.dims, [.symbolic("N"), .fixed(10)])
    }

    func testWeightsAreDeterministicWithAHeLikeScale() {
        XCTAssertEqual(ONNXSerializationTests.sampleModel(seed: 3), ONNXSerializationTests.sampleModel(seed: 3))
        let first = ONNXSerializationTests.sampleModel(seed: 3).graph.initializers
        let second = ONNXSerializationTests.sampleModel(seed: 4).graph.initializers
        XCTAssertEqual(first.map(\.dims), second.map(\.dims))
        XCTAssertTrue(zip(first, second).allSatisfy { $0.values != $1.values })

        let builder = ONNXGraphBuilder(name: "scale", inputShape: [64, 3, 3], seed: 9)
        _ = builder.conv(builder.input, outChannels: 64, kernel: 3, bias: true)
        let tensors = builder.model(output: "Conv_0_out").graph.initializers
        let weights = tensors[0].values.map(Double.init)
        let variance = weights.reduce(0) { $0 + $1 * $1 } / Double(weights.count)
        XCTAssertEqual(variance, 2.0 / Double(64 * 9), accuracy: 0.05 * 2.0 / Double(64 * 9), "gain 2 / fan-in")
        XCTAssertTrue(tensors[1].values.allSatisfy { abs($0) <= 0.1 }, "biases")
    }
}
