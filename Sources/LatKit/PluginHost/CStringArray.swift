/// NUL-terminated copies of Swift strings, as a `const char *const *` array for the ABI. The
/// copies and the pointer array are owned by this object, so `base` stays valid for as long as
/// the object does.
///
/// Without deduplication the strings lie back to back in one allocation. With `deduplicating`,
/// equal strings share one copy (one allocation per distinct string): the operators view of
/// 100,000 OFA networks names about 2 million operators but only a few thousand distinct keys,
/// so its characters shrink from about 190 MB to a few hundred KB, and a plugin may resolve each
/// distinct pointer once. (The ABI's strings are `const`: sharing them changes nothing a plugin
/// may rely on.) Strings that share their storage (as the host's interned operator keys do) are
/// matched by that storage first, without hashing their characters.
final class CStringArray {
    /// Number of strings.
    let count: Int
    /// The array of `count` string pointers (one NULL slot when empty, never a dangling address).
    let base: UnsafePointer<UnsafePointer<CChar>?>
    private let pointers: UnsafeMutablePointer<UnsafePointer<CChar>?>
    /// The allocations holding the characters.
    private var blocks: [UnsafeMutablePointer<CChar>] = []

    convenience init(_ strings: [String], deduplicating: Bool = false) {
        self.init(strings, count: strings.count, deduplicating: deduplicating)
    }

    /// Copies the `count` strings of `strings` (a collection whose count may be costly to take,
    /// such as a lazily flattened one).
    convenience init<Strings: Collection>(_ strings: Strings, count: Int, deduplicating: Bool) where Strings.Element == String {
        self.init(count: count, deduplicating: deduplicating) { body in for string in strings { body(string) } }
    }

    /// Copies the `count` strings that `forEach` hands its argument in order (it may be called
    /// more than once, and must hand the same strings each time). A string handed to a closure is
    /// borrowed, not copied: for the two million operator keys of a large batch that saves a
    /// reference-count increment and decrement each, which a collection's iterator costs.
    init(count: Int, deduplicating: Bool, forEach: ((String) -> Void) -> Void) {
        self.count = count
        pointers = .allocate(capacity: max(count, 1))
        pointers.initialize(repeating: nil, count: max(count, 1))
        base = UnsafePointer(pointers)
        if deduplicating {
            copyDistinct(forEach)
        } else {
            copyAll(forEach)
        }
    }

    deinit {
        blocks.forEach { $0.deallocate() }
        pointers.deallocate()
    }

    /// Every string in one allocation, back to back.
    private func copyAll(_ forEach: ((String) -> Void) -> Void) {
        var total = 0
        forEach { total += $0.utf8.count + 1 }
        let characters = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        blocks.append(characters)
        var offset = 0
        var index = 0
        forEach { string in
            guard index < count else { return }
            let start = characters + offset
            offset += Self.copy(string, to: start)
            pointers[index] = UnsafePointer(start)
            index += 1
        }
    }

    /// One copy per distinct string, shared by every slot that holds it.
    private func copyDistinct(_ forEach: ((String) -> Void) -> Void) {
        // The distinct strings with their copies; both tables below hold positions in it.
        var distinct: [(string: String, copy: UnsafePointer<CChar>)] = []
        var byContent: [String: Int] = [:]
        // Strings that share their storage (interned keys) are found by its address without
        // hashing their characters; strings that do not cost one probe. Short strings live inside
        // the String value (their bytes are lent from a temporary), so they skip it; a hit is
        // confirmed by `==`, which answers at once for strings that share their storage.
        var byStorage = AddressCache<Int>()
        var index = 0
        forEach { string in
            guard index < count else { return }
            defer { index += 1 }
            let address =
                string.utf8.count > 15 ? string.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } : nil
            if let address, let position = byStorage[address],
                let hit = distinct.withUnsafeBufferPointer({ $0[position].string == string ? $0[position].copy : nil })
            {
                pointers[index] = hit
                return
            }
            let position: Int
            if let known = byContent[string] {
                position = known
            } else {
                let block = UnsafeMutablePointer<CChar>.allocate(capacity: string.utf8.count + 1)
                _ = Self.copy(string, to: block)
                blocks.append(block)
                position = distinct.count
                distinct.append((string, UnsafePointer(block)))
                byContent[string] = position
            }
            if let address { byStorage[address] = position }
            pointers[index] = distinct[position].copy
        }
    }

    /// Writes `string`'s UTF-8 and a NUL at `start`; returns the bytes written.
    private static func copy(_ string: String, to start: UnsafeMutablePointer<CChar>) -> Int {
        let utf8 = string.utf8
        let copied = utf8.withContiguousStorageIfAvailable { bytes -> Int in
            if let source = bytes.baseAddress {
                UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: bytes.count)
            }
            return bytes.count
        }
        var offset = 0
        if let copied {
            offset = copied
        } else {
            for byte in utf8 {
                start[offset] = CChar(bitPattern: byte)
                offset += 1
            }
        }
        start[offset] = 0
        return offset + 1
    }
}

/// Runs `body` with a C string array of `strings`, valid during the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
    let array = CStringArray(strings)
    return try withExtendedLifetime(array) { try body(array.base) }
}
