/// NUL-terminated copies of Swift strings, as a `const char *const *` array for the ABI. The
/// strings lie back to back in one allocation and the pointer array in another, both owned by
/// this object, so `base` stays valid for as long as the object does. (One allocation for all
/// strings: a batch's operator view holds a few dozen keys per architecture.)
///
/// With `deduplicating`, equal strings share one copy: the operators view of 100,000 OFA networks
/// names about 2 million operators but only a few thousand distinct keys, so its characters
/// shrink from about 190 MB to a few hundred KB, and a plugin may resolve each distinct pointer
/// once. (The ABI's strings are `const`: sharing them changes nothing a plugin may rely on.)
final class CStringArray {
    /// Number of strings.
    let count: Int
    /// The array of `count` string pointers (one NULL slot when empty, never a dangling address).
    let base: UnsafePointer<UnsafePointer<CChar>?>
    private let pointers: UnsafeMutablePointer<UnsafePointer<CChar>?>
    private let characters: UnsafeMutablePointer<CChar>

    init(_ strings: [String], deduplicating: Bool = false) {
        count = strings.count
        pointers = .allocate(capacity: max(strings.count, 1))
        pointers.initialize(repeating: nil, count: max(strings.count, 1))
        // The strings copied, and with `deduplicating` which of them each slot holds.
        var unique = strings
        var slot: [Int]?
        if deduplicating {
            var position: [String: Int] = [:]
            unique = []
            slot = strings.map { string in
                if let index = position[string] { return index }
                position[string] = unique.count
                unique.append(string)
                return unique.count - 1
            }
        }
        var total = 0
        for string in unique { total += string.utf8.count + 1 }
        characters = .allocate(capacity: max(total, 1))
        var starts: [UnsafePointer<CChar>] = []
        starts.reserveCapacity(unique.count)
        var offset = 0
        for string in unique {
            let start = characters + offset
            let utf8 = string.utf8
            let copied = utf8.withContiguousStorageIfAvailable { bytes -> Int in
                if let source = bytes.baseAddress {
                    UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: bytes.count)
                }
                return bytes.count
            }
            if let copied {
                offset += copied
            } else {
                for byte in utf8 {
                    characters[offset] = CChar(bitPattern: byte)
                    offset += 1
                }
            }
            characters[offset] = 0
            offset += 1
            starts.append(UnsafePointer(start))
        }
        for index in 0..<count { pointers[index] = starts[slot?[index] ?? index] }
        base = UnsafePointer(pointers)
    }

    deinit {
        characters.deallocate()
        pointers.deallocate()
    }
}

/// Runs `body` with a C string array of `strings`, valid during the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
    let array = CStringArray(strings)
    return try withExtendedLifetime(array) { try body(array.base) }
}
