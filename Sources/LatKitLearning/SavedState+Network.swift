import LatKitNumerics
import LatKitPluginKit

// The mlp state's fields in the SDK's saved-state encoding (little-endian; the bytes and their
// bounds checks are the SDK's): the short names the mlp formats are written in, and networks.

extension SavedStateWriter {
    package mutating func u8(_ value: UInt8) { write(value) }
    package mutating func u32(_ value: Int) { write(UInt32(value)) }
    package mutating func f64(_ value: Double) { write(value) }
    package mutating func f64(_ values: [Double]) { write(values) }
    package mutating func f32(_ values: [Float]) { write(values) }
    package mutating func raw(_ values: [UInt8]) { write(bytes: values) }

    /// A network: u32 layer count, then per layer u32 outputs, u32 inputs, f32 weights
    /// (outputs x inputs, row-major), f32 bias (outputs).
    package mutating func network(_ network: MultilayerPerceptron) {
        u32(network.layers.count)
        for layer in network.layers {
            u32(layer.outputCount)
            u32(layer.inputCount)
            f32(layer.weights.values)
            f32(layer.bias)
        }
    }
}

extension SavedStateReader {
    package mutating func u8() throws -> UInt8 { try readUInt8() }
    package mutating func u32() throws -> Int { Int(try readUInt32()) }
    package mutating func f64() throws -> Double { try readDouble() }
    package mutating func f64(count: Int) throws -> [Double] { try readDoubles(count: count) }
    package mutating func f32(count: Int) throws -> [Float] { try readFloats(count: count) }
    package mutating func raw(count: Int) throws -> [UInt8] { try readBytes(count: count) }

    /// A network written by `SavedStateWriter.network`, each dimension at most `limit`; `what`
    /// names the bytes in messages.
    package mutating func network(limit: Int = 1 << 20, what: String) throws -> MultilayerPerceptron {
        let count = try u32()
        guard (1...64).contains(count) else { throw PluginError.incompatible("\(what): \(count) layers is out of range 1...64") }
        var layers: [DenseLayer] = []
        for _ in 0..<count {
            let outputs = try u32()
            let inputs = try u32()
            guard (1...limit).contains(outputs), (1...limit).contains(inputs) else {
                throw PluginError.incompatible("\(what): layer shape \(outputs) x \(inputs) is out of range")
            }
            let weights = try f32(count: outputs * inputs)
            let bias = try f32(count: outputs)
            layers.append(DenseLayer(weights: Matrix(rows: outputs, columns: inputs, values: weights), bias: bias))
        }
        do { return try MultilayerPerceptron(layers: layers) } catch { throw PluginError.incompatible("\(what): \(error)") }
    }
}

/// CRC-32 (IEEE 802.3, reflected, the zlib checksum) of `bytes`.
package func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}
