import LatKitONNX
import LatKitRandom
import XCTest

/// A length-delimited field spelled out by hand: tag byte, length (a one- or two-byte varint), content.
private func field(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
    let count = content.count
    precondition(count < 1 << 14)
    return [tag] + (count < 128 ? [UInt8(count)] : [UInt8(count & 0x7F) | 0x80, UInt8(count >> 7)]) + content
}

/// A string field spelled out by hand.
private func text(_ tag: UInt8, _ string: String) -> [UInt8] { field(tag, Array(string.utf8)) }

/// A `ValueInfoProto` of a float tensor `name` whose `TensorShapeProto` holds `dims` (encoded dims).
private func valueInfo(_ name: String, dims: [[UInt8]]) -> [UInt8] {
    text(0x0A, name) + field(0x12, field(0x0A, [0x08, 0x01] + field(0x12, dims.flatMap { field(0x0A, $0) })))
}

/// The ONNX writer and reader: exact bytes of a small model, round trips, and malformed input.
final class ONNXSerializationTests: XCTestCase {
    /// A model with every operator the OFA export uses: conv (plain, grouped, depthwise), squeeze-
    /// excite (pool, ReLU, hard-sigmoid, mul), hard-swish, residual add, flatten and gemm.
    static func sampleModel(seed: UInt64 = 1) -> ONNXModel {
        let builder = ONNXGraphBuilder(name: "sample", inputShape: [4, 6, 6], seed: seed)
        let expanded = builder.hardSwish(builder.conv(builder.input, outChannels: 8, kernel: 1, groups: 2, bias: true))
        let depthwise = builder.relu(builder.conv(expanded, outChannels: 8, kernel: 3, groups: 8, bias: true))
        let pooled = builder.globalAveragePool(depthwise)
        let reduced = builder.relu(builder.conv(pooled, outChannels: 8, kernel: 1, bias: true))
        let scale = builder.hardSigmoid(builder.conv(reduced, outChannels: 8, kernel: 1, bias: true))
        let excited = builder.mul(depthwise, scale)
        let projected = builder.conv(excited, outChannels: 4, kernel: 1, bias: true, gain: 0.2)
        let sum = builder.add(projected, builder.input)
        let head = builder.conv(sum, outChannels: 4, kernel: 3, stride: 2, bias: false)
        let flat = builder.flatten(builder.globalAveragePool(head))
        return builder.model(output: builder.gemm(flat, outFeatures: 3))
    }

    func testWritesTheWireFormatOfOnnxProto() throws {
        let model = ONNXModel(
            graph: ONNXGraph(
                name: "g",
                nodes: [
                    ONNXNode(
                        opType: "Relu", inputs: ["input"], outputs: ["output"],
                        attributes: [.float("alpha", 0.5), .ints("k", [1, 300]), .int("n", -1)],
                        name: "r")
                ],
                initializers: [ONNXTensor(name: "w", dims: [2], values: [1, -2])],
                input: ONNXValueInfo(name: "input", dims: [.symbolic("N"), .fixed(2)]),
                output: ONNXValueInfo(name: "output", dims: [.symbolic("N"), .fixed(2)])))
        let alpha = text(0x0A, "alpha") + [0x15, 0x00, 0x00, 0x00, 0x3F] + [0xA0, 0x01, 0x01]
        let list = text(0x0A, "k") + [0x40, 0x01, 0x40, 0xAC, 0x02] + [0xA0, 0x01, 0x07]
        let negative = text(0x0A, "n") + [0x18] + [UInt8](repeating: 0xFF, count: 9) + [0x01] + [0xA0, 0x01, 0x02]
        let node =
            text(0x0A, "input") + text(0x12, "output") + text(0x1A, "r") + text(0x22, "Relu")
            + field(0x2A, alpha) + field(0x2A, list) + field(0x2A, negative)
        let tensor = [0x08, 0x02, 0x10, 0x01] + text(0x42, "w") + field(0x4A, [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
        let dims = [text(0x12, "N"), [0x08, 0x02]]
        let graph =
            field(0x0A, node) + text(0x12, "g") + field(0x2A, tensor) + field(0x5A, valueInfo("input", dims: dims))
            + field(0x62, valueInfo("output", dims: dims))
        let expected: [UInt8] = [0x08, 0x08] + text(0x12, "latkit") + field(0x3A, graph) + field(0x42, [0x0A, 0x00, 0x10, 0x11])
        XCTAssertEqual(model.serialized(), expected)
        XCTAssertEqual(try ONNXModel(serialized: expected), model)
    }

    func testRoundTripKeepsEveryField() throws {
        let model = Self.sampleModel()
        let parsed = try ONNXModel(serialized: model.serialized())
        XCTAssertEqual(parsed, model)
        XCTAssertEqual(parsed.irVersion, 8)
        XCTAssertEqual(parsed.opsetVersion, 17)
        XCTAssertEqual(parsed.producerName, "latkit")
        XCTAssertEqual(parsed.graph.nodes.map(\.opType).filter { $0 == "Conv" }.count, 6)
        XCTAssertEqual(parsed.graph.input, ONNXValueInfo(name: "input", dims: [.symbolic("N"), .fixed(4), .fixed(6), .fixed(6)]))
        XCTAssertEqual(parsed.graph.output, ONNXValueInfo(name: "output", dims: [.symbolic("N"), .fixed(3)]))
        for (read, written) in zip(parsed.graph.initializers, model.graph.initializers) {
            XCTAssertEqual(read.values.map(\.bitPattern), written.values.map(\.bitPattern), read.name)
        }
    }

    func testReadsPackedIntegersAndSkipsUnknownFields() throws {
        let model = ONNXModel(
            graph: ONNXGraph(
                name: "", nodes: [ONNXNode(opType: "Relu", inputs: ["input"], outputs: ["output"], attributes: [.ints("k", [3, 300])])],
                initializers: [ONNXTensor(name: "w", dims: [1, 2], values: [0.25, 4])],
                input: ONNXValueInfo(name: "input", dims: [.fixed(1)]), output: ONNXValueInfo(name: "output", dims: [.fixed(1)])))
        let packedAttribute = text(0x0A, "k") + field(0x42, [0x03, 0xAC, 0x02]) + [0xA0, 0x01, 0x07]
        let node =
            text(0x0A, "input") + text(0x12, "output") + text(0x1A, "") + text(0x22, "Relu") + field(0x2A, packedAttribute)
            + text(0x32, "a doc string")
        let tensor = field(0x0A, [0x01, 0x02]) + [0x10, 0x01] + text(0x42, "w") + field(0x4A, [0, 0, 0x80, 0x3E, 0, 0, 0x80, 0x40])
        let graph =
            field(0x0A, node) + text(0x12, "") + field(0x2A, tensor) + field(0x5A, valueInfo("input", dims: [[0x08, 0x01]]))
            + field(0x62, valueInfo("output", dims: [[0x08, 0x01]]))
        let bytes: [UInt8] =
            [0x08, 0x08] + text(0x12, "latkit") + field(0x3A, graph) + field(0x42, [0x10, 0x11]) + text(0x32, "doc")
            + [0x29, 1, 2, 3, 4, 5, 6, 7, 8]
        XCTAssertEqual(try ONNXModel(serialized: bytes), model)
    }

    func testEveryTruncationIsAnError() {
        let builder = ONNXGraphBuilder(name: "small", inputShape: [2, 3, 3])
        let model = builder.model(output: builder.hardSwish(builder.conv(builder.input, outChannels: 2, kernel: 3, groups: 2, bias: true)))
        let bytes = model.serialized()
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try ONNXModel(serialized: Array(bytes[..<length])), "prefix of \(length) bytes")
        }
    }

    func testCorruptedBytesNeverCrash() throws {
        let bytes = Self.sampleModel().serialized()
        var random = SeededGenerator(seed: 5)
        var errors = 0
        for _ in 0..<3_000 {
            var corrupted = bytes
            for _ in 0..<1 + random.int(below: 3) { corrupted[random.int(below: corrupted.count)] = UInt8(random.int(below: 256)) }
            do { _ = try ONNXModel(serialized: corrupted) } catch is ONNXFormatError { errors += 1 }
        }
        XCTAssertGreaterThan(errors, 0)
    }

    func testMalformedInputGivesAClearError() {
        let good = Self.sampleModel().serialized()
        let cases: [(bytes: [UInt8], message: String)] = [
            ([], "ModelProto has no ir_version"),
            ([UInt8](repeating: 0xFF, count: 11), "longer than 64 bits"),
            ([0x08], "varint at byte 1 runs past the end"),
            ([0x3A, 0x05, 0x00], "claims 5 bytes, but only 1 remain"),
            ([0x0B], "unsupported wire type 3"),
            ([0x00, 0x00], "field number 0"),
            ([0x38, 0x01], "ModelProto.graph at byte 0 is not length-delimited bytes"),
            ([0x15, 0x00, 0x00], "4-byte value at byte 1 runs past the end"),
            ([0x08, 0x08] + text(0x12, "\u{FF}").map { $0 == 0xC3 ? 0xC0 : $0 }, "ModelProto.producer_name at byte 2 is not valid UTF-8"),
            ([0x08, 0x08] + field(0x42, [0x0A, 0x01, 0x78, 0x10, 0x01]), "unsupported operator set domain 'x'"),
            (good + field(0x3A, []), "a second graph"),
        ]
        for (bytes, message) in cases {
            XCTAssertThrowsError(try ONNXModel(serialized: bytes)) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error) should say: \(message)")
            }
        }
    }

    func testUnsupportedContentGivesAClearError() {
        func graph(node: [UInt8] = [], tensor: [UInt8]? = nil, inputs: Int = 1) -> [UInt8] {
            var content = node.isEmpty ? [] : field(0x0A, node)
            if let tensor { content += field(0x2A, tensor) }
            for _ in 0..<inputs { content += field(0x5A, valueInfo("input", dims: [[0x08, 0x01]])) }
            content += field(0x62, valueInfo("output", dims: [[0x08, 0x01]]))
            return [0x08, 0x08] + field(0x3A, content) + field(0x42, [0x10, 0x11])
        }
        let stringAttribute = text(0x0A, "mode") + text(0x22, "x") + [0xA0, 0x01, 0x03]
        let cases: [(bytes: [UInt8], message: String)] = [
            (graph(inputs: 2), "has 2 inputs and 1 outputs"),
            (graph(node: text(0x22, "Relu") + field(0x2A, stringAttribute)), "attribute 'mode' has type 3"),
            (graph(node: text(0x1A, "n")), "node 'n' has no op_type"),
            (
                graph(tensor: [0x08, 0x02, 0x10, 0x01] + text(0x42, "w") + field(0x4A, [0, 0, 0, 0])),
                "tensor 'w' of shape [2] needs 2 floats"
            ),
            (graph(tensor: [0x08, 0x02, 0x10, 0x07] + text(0x42, "w")), "tensor 'w' has data type 7"),
            (graph(tensor: [0x08, 0x7F, 0x10, 0x01] + text(0x42, "w")), "tensor 'w' of shape [127] needs 127 floats"),
            (graph(tensor: [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01, 0x10, 0x01]), "invalid shape [-1]"),
        ]
        for (bytes, message) in cases {
            XCTAssertThrowsError(try ONNXModel(serialized: bytes)) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error) should say: \(message)")
            }
        }
    }
}
