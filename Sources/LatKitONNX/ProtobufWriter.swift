/// The protocol-buffer wire types (the low three bits of a field tag).
enum ProtobufWireType: UInt64 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// Appends protocol-buffer fields to a byte buffer: varints (int32/int64, two's complement for
/// negative values), fixed32 floats, length-delimited bytes, strings and nested messages, and
/// unpacked repeated integers.
struct ProtobufWriter {
    /// The encoded message so far.
    private(set) var bytes: [UInt8] = []

    /// Appends `value` as a base-128 varint (low groups first).
    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends a field's tag.
    mutating func writeTag(_ field: Int, _ wireType: ProtobufWireType) {
        writeVarint(UInt64(field) << 3 | wireType.rawValue)
    }

    /// Appends an int32/int64 field (negative values take ten bytes, as protobuf specifies).
    mutating func writeInt(_ field: Int, _ value: Int) {
        writeTag(field, .varint)
        writeVarint(UInt64(bitPattern: Int64(value)))
    }

    /// Appends a float field as fixed32, little-endian.
    mutating func writeFloat(_ field: Int, _ value: Float) {
        writeTag(field, .fixed32)
        appendLittleEndian(value.bitPattern)
    }

    /// Appends a bytes field.
    mutating func writeBytes(_ field: Int, _ payload: [UInt8]) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    /// Appends a string field (UTF-8).
    mutating func writeString(_ field: Int, _ value: String) {
        writeBytes(field, Array(value.utf8))
    }

    /// Appends a nested message field whose content `encode` writes.
    mutating func writeMessage(_ field: Int, _ encode: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        encode(&nested)
        writeBytes(field, nested.bytes)
    }

    /// Appends a repeated int64 field unpacked, one tagged varint per value: proto2's encoding,
    /// which onnx.proto declares for `dims` and `ints` (readers accept packed runs too).
    mutating func writeInts(_ field: Int, _ values: [Int]) {
        for value in values { writeInt(field, value) }
    }

    /// The float32 values as little-endian bytes (a `TensorProto.raw_data` payload).
    static func littleEndianBytes(_ values: [Float]) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.bytes.reserveCapacity(values.count * 4)
        for value in values { writer.appendLittleEndian(value.bitPattern) }
        return writer.bytes
    }

    private mutating func appendLittleEndian(_ word: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: word))
        bytes.append(UInt8(truncatingIfNeeded: word >> 8))
        bytes.append(UInt8(truncatingIfNeeded: word >> 16))
        bytes.append(UInt8(truncatingIfNeeded: word >> 24))
    }
}
