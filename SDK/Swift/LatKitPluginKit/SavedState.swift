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

    /// Appends one byte.
    public mutating func write(_ value: UInt8) { bytes.append(value) }
    /// Appends 4 bytes, little-endian.
    public mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    /// Appends 8 bytes, little-endian.
    public mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    /// Appends the 8 bytes of the IEEE-754 bit pattern, little-endian.
    public mutating func write(_ value: Double) { write(value.bitPattern) }
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
    private let what: String
    private var offset = 5
    /// The format version the state was written with.
    public let version: UInt8

    /// Checks the header: `magic` must match and the version byte lie in `versions`; `what`
    /// names the model in error messages (e.g. "lut").
    public init(_ bytes: UnsafeRawBufferPointer, magic: StaticString, versions: ClosedRange<UInt8>, what: String) throws {
        self.bytes = bytes
        self.what = what
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

    private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, bytes.count - offset >= count else {
            throw PluginError.incompatible("saved \(what) model is truncated at byte \(offset) of \(bytes.count)")
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
            throw PluginError.incompatible("saved \(what) model announces \(count) items but holds only \(bytes.count - offset) more bytes")
        }
        return count
    }

    /// Fails unless every byte was read.
    public func finish() throws {
        guard offset == bytes.count else {
            throw PluginError.incompatible("saved \(what) model has \(bytes.count - offset) unexpected bytes at its end")
        }
    }
}
