#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// NUL-terminated copies of Swift strings as a `const char *const *`, valid inside `with`.
struct CStrings {
    let strings: [String]
    init(_ strings: [String]) { self.strings = strings }

    func with<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) throws -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return try pointers.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}
