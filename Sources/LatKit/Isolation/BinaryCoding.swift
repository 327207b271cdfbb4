import Foundation

/// Appends little-endian numbers, raw arrays and length-prefixed strings to a byte buffer: the
/// writing half of the binary messages between the host and a plugin worker (`WorkerWire`).
/// Arrays are copied as raw memory, never as text.
struct BinaryWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    mutating func raw(_ data: [UInt8]) { bytes += data }

    mutating func integer<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u32(_ value: Int) { integer(UInt32(value)) }
    mutating func u64(_ value: UInt64) { integer(value) }
    mutating func i64(_ value: Int) { integer(Int64(value)) }
    mutating func f64(_ value: Double) { integer(value.bitPattern) }

    /// A count, then the values as raw little-endian memory.
    mutating func array<T: BitwiseCopyable>(_ values: [T]) {
        u64(UInt64(values.count))
        values.withUnsafeBytes { bytes += $0 }
    }

    /// A u32 byte count, then UTF-8.
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        u32(utf8.count)
        bytes += utf8
    }

    /// A count, then each string.
    mutating func strings(_ values: [String]) {
        u64(UInt64(values.count))
        for value in values { string(value) }
    }

    /// A count, then the bytes.
    mutating func blob(_ data: [UInt8]) {
        u64(UInt64(data.count))
        bytes += data
    }
}

/// Reads what a `BinaryWriter` wrote. Every read returns nil when the bytes run out (a writer that
/// died mid-frame), so callers can tell a truncated frame from a complete one.
struct BinaryReader {
    let bytes: [UInt8]
    /// Where the next read starts.
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - position }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        guard let slice = take(MemoryLayout<T>.size) else { return nil }
        return slice.reversed().reduce(T(0)) { $0 << 8 | T($1) }
    }

    mutating func u8() -> UInt8? { integer(UInt8.self) }
    mutating func u32() -> Int? { integer(UInt32.self).map { Int($0) } }
    mutating func u64() -> UInt64? { integer(UInt64.self) }
    mutating func i64() -> Int? { integer(UInt64.self).map { Int(Int64(bitPattern: $0)) } }
    mutating func f64() -> Double? { integer(UInt64.self).map { Double(bitPattern: $0) } }

    /// A count, then raw values (little-endian hosts only, as every platform latkit builds for).
    mutating func array<T: BitwiseCopyable>(_ type: T.Type) -> [T]? {
        guard let count = u64(), count <= UInt64(remaining / max(1, MemoryLayout<T>.stride)) else { return nil }
        guard let slice = take(Int(count) * MemoryLayout<T>.stride) else { return nil }
        return [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            slice.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = Int(count)
        }
    }

    mutating func string() -> String? {
        guard let count = u32(), let slice = take(count) else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func strings() -> [String]? {
        guard let count = u64(), count <= UInt64(remaining / 4) else { return nil }
        var values: [String] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let value = string() else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func blob() -> [UInt8]? {
        guard let count = u64(), count <= UInt64(remaining), let slice = take(Int(count)) else { return nil }
        return Array(slice)
    }
}
