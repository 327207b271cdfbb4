import LatKitNumerics
import LatKitPluginKit

/// Appends little-endian values to a byte array.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ value: Double) { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f32(_ values: [Float]) {
        bytes.reserveCapacity(bytes.count + 4 * values.count)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    }
    mutating func f64(_ values: [Double]) { for value in values { f64(value) } }
    mutating func raw(_ values: [UInt8]) { bytes.append(contentsOf: values) }

    /// A network: u32 layer count, then per layer u32 outputs, u32 inputs, f32 weights
    /// (outputs x inputs, row-major), f32 bias (outputs).
    mutating func network(_ network: MultilayerPerceptron) {
        u32(network.layers.count)
        for layer in network.layers {
            u32(layer.outputCount)
            u32(layer.inputCount)
            f32(layer.weights.values)
            f32(layer.bias)
        }
    }
}

/// Reads little-endian values from bytes; running past the end is an error naming `what`.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let what: String
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, what: String) {
        self.bytes = bytes
        self.what = what
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws -> Int {
        guard count >= 0, count <= remaining else {
            throw PluginError.incompatible("\(what) is truncated: needs \(count) more bytes at offset \(offset), has \(remaining)")
        }
        defer { offset += count }
        return offset
    }

    mutating func u8() throws -> UInt8 { bytes[try take(1)] }
    mutating func u32() throws -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self))) }
    mutating func f64() throws -> Double {
        Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self)))
    }
    mutating func raw(count: Int) throws -> [UInt8] {
        let start = try take(count)
        return Array(bytes[start..<(start + count)])
    }
    mutating func f64(count: Int) throws -> [Double] {
        // Bounds first: a damaged count must fail here, not reserve gigabytes.
        let start = try take(8 * count)
        return (0..<count).map {
            Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8 * $0, as: UInt64.self)))
        }
    }
    mutating func f32(count: Int) throws -> [Float] {
        let start = try take(4 * count)
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count {
            values[index] = Float(
                bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 4 * index, as: UInt32.self)))
        }
        return values
    }

    /// A network written by `ByteWriter.network`, each dimension at most `limit`.
    mutating func network(limit: Int = 1 << 20) throws -> MultilayerPerceptron {
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
func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}
