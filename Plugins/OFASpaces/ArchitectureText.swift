import LatKitPluginKit

/// The four lists of an architecture as read from text, before a space checks them.
///
/// Lists keep their first 32 values (more than any valid list holds) and count all of them, so a
/// list of the wrong length is reported with its real length.
struct ArchitectureLists {
    var kernels = SIMD32<Int32>()
    var kernelCount = 0
    var expands = SIMD32<Int32>()
    var expandCount = 0
    var depths = SIMD32<Int32>()
    var depthCount = 0
    var resolution = 0
}

/// Reads and writes the canonical text form of an OFA MobileNetV3 subnet:
///
///     ks=7-7-0-0-5-7-3-7-3-7-0-0-5-7-7-0-5-5-7-0;e=6-3-0-0-3-6-4-6-6-3-0-0-6-3-3-0-6-4-6-0;d=2-4-2-3-3;r=208
///
/// `ks` and `e` hold 20 values (slot `4 * stage + block`), `d` the 5 stage depths, `r` the input
/// resolution. Lists are joined by `-`. In canonical form slots beyond a stage's depth hold 0; on
/// input they may hold any allowed value (the data sets keep the sampler's random values there),
/// fields may come in any order, and spaces around `;`, `=` and `-` are ignored.
enum ArchitectureText {
    /// The field names, in canonical order (also the `arch_columns` fact).
    static let fieldNames = ["ks", "e", "d", "r"]
    /// What a well-formed architecture looks like, for error messages.
    static let expectedForm = "expected ks=<20 kernels>;e=<20 expand ratios>;d=<5 depths>;r=<resolution>"

    /// Parses the canonical form (or a non-canonical variant of it, see the type's comment).
    static func parse(_ text: String) throws -> ArchitectureLists {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0) }
    }

    /// Parses the CSV fields `ks`, `e`, `d`, `r` (in that order) of a data-set row.
    static func parse(fields: [String]) throws -> ArchitectureLists {
        guard fields.count == fieldNames.count else {
            throw PluginError.invalid(
                "expected \(fieldNames.count) fields (\(fieldNames.joined(separator: ", "))), got \(fields.count)")
        }
        var lists = ArchitectureLists()
        for (field, var text) in fields.enumerated() {
            try text.withUTF8 { try read(field: field, value: $0[...], into: &lists) }
        }
        return lists
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) throws -> ArchitectureLists {
        var lists = ArchitectureLists()
        var seen = [false, false, false, false]
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != semicolon { end += 1 }
            let part = trimmed(bytes[start..<end])
            start = end + 1
            if part.isEmpty { continue }
            guard let equals = part.firstIndex(of: equalsSign) else {
                throw PluginError.invalid("'\(text(part))' is not name=value; \(expectedForm)")
            }
            let name = text(trimmed(part[..<equals]))
            guard let field = fieldNames.firstIndex(of: name) else {
                throw PluginError.invalid("unknown field '\(name)' (fields: \(fieldNames.joined(separator: ", ")))")
            }
            guard !seen[field] else { throw PluginError.invalid("field '\(name)' given twice") }
            seen[field] = true
            try read(field: field, value: part[(equals + 1)...], into: &lists)
        }
        if let missing = seen.firstIndex(of: false) {
            throw PluginError.invalid(
                bytes.allSatisfy(isSpace)
                    ? "empty architecture; \(expectedForm)" : "missing field '\(fieldNames[missing])'; \(expectedForm)")
        }
        return lists
    }

    /// Reads the value of field `field` (an index into `fieldNames`).
    private static func read(field: Int, value: Slice<UnsafeBufferPointer<UInt8>>, into lists: inout ArchitectureLists) throws {
        let name = fieldNames[field]
        switch field {
        case 0: lists.kernelCount = try readList(value, name: name, into: &lists.kernels)
        case 1: lists.expandCount = try readList(value, name: name, into: &lists.expands)
        case 2: lists.depthCount = try readList(value, name: name, into: &lists.depths)
        default:
            var single = SIMD32<Int32>()
            guard try readList(value, name: name, into: &single) == 1 else {
                throw PluginError.invalid("r must be one whole number, got '\(text(trimmed(value)))'")
            }
            lists.resolution = Int(single[0])
        }
    }

    /// Reads `-`-separated whole numbers; returns how many there were (storing the first 32).
    private static func readList(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, name: String, into values: inout SIMD32<Int32>) throws -> Int {
        var count = 0
        var index = bytes.startIndex
        while true {
            var end = index
            while end < bytes.endIndex, bytes[end] != dash { end += 1 }
            let item = trimmed(bytes[index..<end])
            guard !item.isEmpty, item.count <= 9, item.allSatisfy({ $0 >= zero && $0 <= zero + 9 }) else {
                let shown = text(item)
                throw PluginError.invalid(
                    "\(name): entry \(count) is \(shown.isEmpty ? "empty" : "'\(shown)'"), not a whole number (lists are joined by '-')")
            }
            if count < 32 { values[count] = item.reduce(0) { $0 * 10 + Int32($1 - zero) } }
            count += 1
            if end == bytes.endIndex { return count }
            index = end + 1
        }
    }

    /// Writes the canonical form of a validated architecture.
    static func format(_ arch: SubnetArchitecture) -> String {
        let slots = MobileNetV3Supernet.slotCount
        let stages = MobileNetV3Supernet.stageCount
        // "ks=" + 20 x 2 + "e=" + 20 x 2 + "d=" + 5 x 2 + "r=" + digits: at most 106 bytes.
        return String(unsafeUninitializedCapacity: 128) { buffer in
            var length = 0
            func put(_ byte: UInt8) {
                buffer[length] = byte
                length += 1
            }
            func putList(_ name: StaticString, _ count: Int, _ value: (Int) -> UInt8) {
                for index in 0..<name.utf8CodeUnitCount { put(name.utf8Start[index]) }
                for index in 0..<count {
                    if index > 0 { put(dash) }
                    put(zero + value(index))
                }
                put(semicolon)
            }
            putList("ks=", slots) { arch.kernels[$0] }
            putList("e=", slots) { arch.expands[$0] }
            putList("d=", stages) { arch.depths[$0] }
            put(UInt8(ascii: "r"))
            put(equalsSign)
            var digits = 1
            while digits < 10, arch.resolution >= power(10, digits) { digits += 1 }
            for position in stride(from: digits - 1, through: 0, by: -1) {
                put(zero + UInt8(arch.resolution / power(10, position) % 10))
            }
            return length
        }
    }

    private static func power(_ base: Int, _ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent { result *= base }
        return result
    }

    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    private static func text(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String { String(decoding: bytes, as: UTF8.self) }

    private static let semicolon = UInt8(ascii: ";")
    private static let equalsSign = UInt8(ascii: "=")
    private static let dash = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")
}
