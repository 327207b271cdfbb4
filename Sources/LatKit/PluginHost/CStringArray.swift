/// NUL-terminated copies of Swift strings, as a `const char *const *` array for the ABI. The
/// strings and the pointer array live in allocations owned by this object, so `base` stays valid
/// for as long as the object does.
final class CStringArray {
    /// Number of strings.
    let count: Int
    /// The array of `count` string pointers (one NULL slot when empty, never a dangling address).
    let base: UnsafePointer<UnsafePointer<CChar>?>
    private let pointers: UnsafeMutablePointer<UnsafePointer<CChar>?>

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: max(strings.count, 1))
        pointers.initialize(repeating: nil, count: max(strings.count, 1))
        for (index, string) in strings.enumerated() {
            let utf8 = string.utf8
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
            var offset = 0
            for byte in utf8 {
                copy[offset] = CChar(bitPattern: byte)
                offset += 1
            }
            copy[offset] = 0
            pointers[index] = UnsafePointer(copy)
        }
        base = UnsafePointer(pointers)
    }

    deinit {
        for index in 0..<count { UnsafeMutablePointer(mutating: pointers[index])?.deallocate() }
        pointers.deallocate()
    }
}

/// Runs `body` with a C string array of `strings`, valid during the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
    let array = CStringArray(strings)
    return try withExtendedLifetime(array) { try body(array.base) }
}
