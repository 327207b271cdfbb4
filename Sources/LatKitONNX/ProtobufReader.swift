/// Reads the fields of one protocol-buffer message, in order, from a byte range; every read is
/// bounds-checked and malformed input throws `ONNXFormatError`. Byte offsets in errors are
/// positions in the whole buffer (slices keep their parent's indices).
struct ProtobufReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    /// A reader of the message stored in `bytes`.
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position >= bytes.endIndex }

    /// The next field, or nil at the end of the message.
    mutating func next() throws -> ProtobufField? {
        guard position < bytes.endIndex else { return nil }
        let offset = position
        let tag = try readVarint()
        let number = Int(truncatingIfNeeded: tag >> 3)
        guard number > 0, number <= 0x1FFF_FFFF else {
            throw ONNXFormatError("malformed protobuf: field number \(number) at byte \(offset)")
        }
        let payload: ProtobufField.Payload
        switch ProtobufWireType(rawValue: tag & 7) {
        case .varint: payload = .varint(try readVarint())
        case .fixed64: payload = .fixed64(try readLittleEndian(byteCount: 8))
        case .fixed32: payload = .fixed32(UInt32(try readLittleEndian(byteCount: 4)))
        case .lengthDelimited:
            let length = try readVarint()
            guard length <= UInt64(bytes.endIndex - position) else {
                throw ONNXFormatError(
                    "malformed protobuf: field \(number) at byte \(offset) claims \(length) bytes, "
                        + "but only \(bytes.endIndex - position) remain")
            }
            let end = position + Int(length)
            payload = .bytes(bytes[position..<end])
            position = end
        case .startGroup, .endGroup, nil:
            throw ONNXFormatError("malformed protobuf: field \(number) at byte \(offset) has unsupported wire type \(tag & 7)")
        }
        return ProtobufField(number: number, payload: payload, offset: offset)
    }

    /// Reads a base-128 varint of at most ten bytes.
    mutating func readVarint() throws -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex else {
                throw ONNXFormatError("malformed protobuf: varint at byte \(start) runs past the end")
            }
            let byte = bytes[position]
            position += 1
            guard shift < 63 || byte <= 1 else {
                throw ONNXFormatError("malformed protobuf: varint at byte \(start) is longer than 64 bits")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    private mutating func readLittleEndian(byteCount: Int) throws -> UInt64 {
        guard bytes.endIndex - position >= byteCount else {
            throw ONNXFormatError("malformed protobuf: \(byteCount)-byte value at byte \(position) runs past the end")
        }
        var value: UInt64 = 0
        for index in 0..<byteCount { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += byteCount
        return value
    }
}

/// One field of a protobuf message, with accessors that check the wire type against what the
/// schema expects; `context` (e.g. "NodeProto.op_type") names the field in errors.
struct ProtobufField {
    enum Payload {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    let number: Int
    let payload: Payload
    /// Byte offset of the field's tag.
    let offset: Int

    /// An int32/int64 value.
    func int(_ context: String) throws -> Int {
        guard case .varint(let raw) = payload else { throw wrongType(context, expected: "a varint") }
        return Int(truncatingIfNeeded: Int64(bitPattern: raw))
    }

    /// A float (fixed32) value.
    func float(_ context: String) throws -> Float {
        guard case .fixed32(let raw) = payload else { throw wrongType(context, expected: "a fixed32 float") }
        return Float(bitPattern: raw)
    }

    /// A length-delimited payload.
    func bytes(_ context: String) throws -> ArraySlice<UInt8> {
        guard case .bytes(let raw) = payload else { throw wrongType(context, expected: "length-delimited bytes") }
        return raw
    }

    /// A UTF-8 string.
    func string(_ context: String) throws -> String {
        guard let text = String(validating: try bytes(context), as: UTF8.self) else {
            throw ONNXFormatError("\(context) at byte \(offset) is not valid UTF-8")
        }
        return text
    }

    /// A reader of a nested message.
    func message(_ context: String) throws -> ProtobufReader { ProtobufReader(try bytes(context)) }

    /// The values of a repeated int64 field: one when unpacked, any number when packed.
    func ints(_ context: String) throws -> [Int] {
        if case .bytes(let run) = payload {
            var reader = ProtobufReader(run)
            var values: [Int] = []
            while !reader.isAtEnd { values.append(Int(truncatingIfNeeded: Int64(bitPattern: try reader.readVarint()))) }
            return values
        }
        return [try int(context)]
    }

    private func wrongType(_ context: String, expected: String) -> ONNXFormatError {
        ONNXFormatError("\(context) at byte \(offset) is not \(expected)")
    }
}
