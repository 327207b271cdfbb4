import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A shared library opened with `RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE` and never closed:
/// unloading a Swift library that registered conformances crashes the process later.
struct DynamicLibrary {
    let path: String
    private let handle: UnsafeMutableRawPointer

    /// Opens the library at an absolute `path`, classifying failures into load errors.
    static func open(_ path: String) throws -> DynamicLibrary {
        precondition(path.hasPrefix("/"), "plugin paths are made absolute before dlopen")
        guard access(path, F_OK) == 0 else { throw PluginLoadError.missingFile(path: path) }
        _ = dlerror()
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen failure"
            if let range = reason.range(of: "undefined symbol: ") {
                let symbol = reason[range.upperBound...].split(separator: " ").first.map(String.init) ?? reason
                throw PluginLoadError.unresolvedSymbol(path: path, symbol: symbol.trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            }
            let short = reason.hasPrefix(path + ": ") ? String(reason.dropFirst(path.count + 2)) : reason
            throw PluginLoadError.notASharedLibrary(path: path, reason: short)
        }
        return DynamicLibrary(path: path, handle: handle)
    }

    /// The address of an exported symbol, or nil.
    func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, name)
    }
}
