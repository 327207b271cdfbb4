/// NUL-terminated copies of Swift strings, as a `const char *const *` array for the ABI.
/// The memory lives as long as the value.
final class CStringArray {
    private var storage: [UnsafeMutablePointer<CChar>?]
    /// Number of strings.
    var count: Int { storage.count }

    init(_ strings: [String]) {
        storage = strings.map { string in
            let utf8 = string.utf8
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
            var index = 0
            for byte in utf8 {
                pointer[index] = CChar(bitPattern: byte)
                index += 1
            }
            pointer[index] = 0
            return pointer
        }
    }

    deinit { for pointer in storage { pointer?.deallocate() } }

    /// Calls `body` with the array's base address (nil-safe for an empty array).
    func withPointers<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { rebound in
                if let base = rebound.baseAddress { return try body(base) }
                var empty: UnsafePointer<CChar>? = nil
                return try body(&empty)
            }
        }
    }
}

/// Runs `body` with a C string array of `strings`.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
    try CStringArray(strings).withPointers(body)
}
