/// Writes a plugin's saved state as little-endian bytes: a 4-byte ASCII magic that names the
/// format, one version byte, then the fields in the order the plugin writes them.
///
/// Field encodings: `UInt8` 1 byte; `UInt32`/`UInt64` 4/8 bytes little-endian; `Double` the 8
/// bytes of its IEEE-754 bit pattern, little-endian; `String` a `UInt32` byte count then UTF-8.
/// Read them back with `SavedStateReader` in the same order.
public struct SavedStateWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts a state with its `magic` (4 ASCII characters) and format `version`.
    public init(magic: StaticString, version: UInt8) {
        precondition(magic.utf8CodeUnitCount == 4, "the magic of a saved state is 4 ASCII characters")
        bytes.append(contentsOf: UnsafeBufferPointer(start: magic.utf8Start, count: 4))
        bytes.append(version)
    }

    /// Starts with no header, for a format that frames its bytes itself (e.g. a plugin's own
    /// older layout, or a weights file).
    public init() {}

    /// Appends one byte.
    public mutating func write(_ value: UInt8) { bytes.append(value) }
    /// Appends 4 bytes, little-endian.
    public mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    /// Appends 8 bytes, little-endian.
    public mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    /// Appends the 8 bytes of the IEEE-754 bit pattern, little-endian.
    public mutating func write(_ value: Double) { write(value.bitPattern) }
    /// Appends each value's 4 bytes (float32, little-endian), with no count.
    public mutating func write(_ values: [Float]) {
        bytes.reserveCapacity(bytes.count + 4 * values.count)
        for value in values { write(value.bitPattern) }
    }
    /// Appends each value's 8 bytes, with no count.
    public mutating func write(_ values: [Double]) {
        bytes.reserveCapacity(bytes.count + 8 * values.count)
        for value in values { write(value) }
    }
    /// Appends bytes as they are.
    public mutating func write(bytes raw: [UInt8]) { bytes.append(contentsOf: raw) }
    /// Appends a `UInt32` UTF-8 byte count, then the UTF-8 bytes.
    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

/// Reads a state written by `SavedStateWriter`, refusing a wrong magic, an unknown version,
/// truncated data and trailing bytes with `PluginError.incompatible`.
public struct SavedStateReader {
    private let bytes: UnsafeRawBufferPointer
    /// What the bytes are, in messages: "saved lut model", "pretrained weights 'w.f32'".
    private let noun: String
    private var offset = 5
    /// The format version the state was written with (0 for bytes read without a header).
    public let version: UInt8

    /// Checks the header: `magic` must match and the version byte lie in `versions`; `what`
    /// names the model in error messages (e.g. "lut").
    public init(_ bytes: UnsafeRawBufferPointer, magic: StaticString, versions: ClosedRange<UInt8>, what: String) throws {
        self.bytes = bytes
        noun = "saved \(what) model"
        let expected = Array(UnsafeBufferPointer(start: magic.utf8Start, count: magic.utf8CodeUnitCount))
        guard bytes.count >= 5, Array(bytes[0..<4]) == expected else {
            throw PluginError.incompatible("these bytes are not a saved \(what) model (they do not start with '\(magic)')")
        }
        version = bytes[4]
        guard versions.contains(version) else {
            throw PluginError.incompatible(
                "saved \(what) model has format version \(version); this plugin reads versions \(versions.lowerBound)...\(versions.upperBound)"
            )
        }
    }

    /// Reads `bytes` that have no header (see `SavedStateWriter.init()`); `noun` names them in
    /// messages, e.g. "saved mlp state".
    public init(headerless bytes: UnsafeRawBufferPointer, noun: String) {
        self.bytes = bytes
        self.noun = noun
        offset = 0
        version = 0
    }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, bytes.count - offset >= count else {
            throw PluginError.incompatible("\(noun) is truncated at byte \(offset) of \(bytes.count)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    /// Reads one byte.
    public mutating func readUInt8() throws -> UInt8 { try take(1)[0] }
    /// Reads 4 little-endian bytes.
    public mutating func readUInt32() throws -> UInt32 { UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self)) }
    /// Reads 8 little-endian bytes.
    public mutating func readUInt64() throws -> UInt64 { UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)) }
    /// Reads a `Double` from the 8 little-endian bytes of its bit pattern.
    public mutating func readDouble() throws -> Double { Double(bitPattern: try readUInt64()) }
    /// Reads `count` float32 values written with no count (bounds checked before allocating).
    public mutating func readFloats(count: Int) throws -> [Float] {
        let raw = try take(count.multipliedReportingOverflow(by: 4).overflow ? -1 : 4 * count)
        return (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
    }
    /// Reads `count` doubles written with no count (bounds checked before allocating).
    public mutating func readDoubles(count: Int) throws -> [Double] {
        let raw = try take(count.multipliedReportingOverflow(by: 8).overflow ? -1 : 8 * count)
        return (0..<count).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) }
    }
    /// Reads `count` bytes as they are.
    public mutating func readBytes(count: Int) throws -> [UInt8] { Array(try take(count)) }
    /// Reads a `UInt32` byte count, then that many UTF-8 bytes.
    public mutating func readString() throws -> String {
        let length = Int(try readUInt32())
        return String(decoding: try take(length), as: UTF8.self)
    }

    /// A count of items that follow, each at least `minimumItemBytes` long: refuses counts the
    /// remaining bytes cannot hold (so corrupt data cannot ask for huge allocations).
    public mutating func readCount(minimumItemBytes: Int) throws -> Int {
        let count = Int(try readUInt32())
        guard count * max(minimumItemBytes, 1) <= bytes.count - offset else {
            throw PluginError.incompatible("\(noun) announces \(count) items but holds only \(bytes.count - offset) more bytes")
        }
        return count
    }

    /// Fails unless every byte was read.
    public func finish() throws {
        guard offset == bytes.count else {
            throw PluginError.incompatible("\(noun) has \(bytes.count - offset) unexpected bytes at its end")
        }
    }
}
