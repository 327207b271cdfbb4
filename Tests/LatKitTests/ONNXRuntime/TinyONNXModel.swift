import Foundation

/// A hand-encoded ONNX model for the ONNX Runtime tests: `output = Relu(Conv1x1(input, W) + B)`,
/// input [N, inChannels, H, W] with a symbolic batch N. Just enough of the protobuf wire format
/// (varints and length-delimited fields) and of onnx.proto's field numbers to write it; the
/// `LatKitONNX` model writer supersedes it.
enum TinyONNXModel {
    /// The serialized ModelProto (IR 8, opset 17) with the given 1x1 weights [out][in] and biases.
    static func conv1x1Relu(weights: [[Float]], biases: [Float], height: Int, width: Int) -> [UInt8] {
        let outChannels = weights.count
        let inChannels = weights[0].count
        let weightTensor = tensor(name: "W", dims: [outChannels, inChannels, 1, 1], values: weights.flatMap { $0 })
        let biasTensor = tensor(name: "B", dims: [outChannels], values: biases)
        let conv = field(1, "input") + field(1, "W") + field(1, "B") + field(2, "hidden") + field(4, "Conv")
        let relu = field(1, "hidden") + field(2, "output") + field(4, "Relu")
        let graph =
            field(1, conv) + field(1, relu) + field(2, "tiny") + field(5, weightTensor) + field(5, biasTensor)
            + field(11, valueInfo("input", channels: inChannels, height: height, width: width))
            + field(12, valueInfo("output", channels: outChannels, height: height, width: width))
        let opset = varintField(2, 17)
        return varintField(1, 8) + field(2, "latkit-test") + field(7, graph) + field(8, opset)
    }

    /// `y = max(0, W x + b)` at every pixel, for checking the runtime's output ([N][C][H][W] order).
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

    /// TensorProto {dims 1, data_type 2 (FLOAT = 1), name 8, raw_data 9}.
    private static func tensor(name: String, dims: [Int], values: [Float]) -> [UInt8] {
        let raw = values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
        return dims.flatMap { varintField(1, UInt64($0)) } + varintField(2, 1) + field(8, name) + field(9, raw)
    }

    /// ValueInfoProto {name 1, type 2 {tensor_type 1 {elem_type 1, shape 2 {dim 1 {dim_value 1 | dim_param 2}}}}}.
    private static func valueInfo(_ name: String, channels: Int, height: Int, width: Int) -> [UInt8] {
        let dims = field(1, field(2, "N")) + [channels, height, width].flatMap { field(1, varintField(1, UInt64($0))) }
        let tensorType = varintField(1, 1) + field(2, dims)
        return field(1, name) + field(2, field(1, tensorType))
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    private static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] { varint(number << 3) + varint(value) }

    private static func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
    }

    private static func field(_ number: UInt64, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }
}
