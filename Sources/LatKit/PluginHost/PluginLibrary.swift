import LatKitPluginABI

/// A plugin library opened and validated: its entry point called, its versions checked, its
/// `init` run, and its descriptors read into `PluginInfo` values.
public struct PluginLibrary: Sendable {
    /// The exported symbol every plugin library provides.
    public static let entrySymbol = LATKIT_ENTRY_SYMBOL

    /// Absolute path of the file.
    public let path: String
    /// The library's own name.
    public let name: String
    /// The plugins it exports.
    public let plugins: [PluginInfo]

    /// Descriptors that were skipped (an unknown kind from a newer ABI minor), one line each.
    public let warnings: [String]

    /// Loads the library at `path` (made absolute against the current directory). A file is
    /// opened, and its entry point and `init` run, once per process: later loads of the same file
    /// (by any path that resolves to it) return the first result.
    public static func load(path rawPath: String) throws -> PluginLibrary {
        let path = absolutePath(rawPath)
        let key = realPath(path)
        return try cache.withLock {
            if let known = loaded[key] { return try known.get() }
            let result = Result { try open(path: path) }
            loaded[key] = result
            return try result.get()
        }
    }

    /// Whether the file at `path` has been opened in this process (by any path that resolves to it).
    public static func isLoaded(path: String) -> Bool {
        let key = realPath(absolutePath(path))
        return cache.withLock { loaded[key] != nil }
    }

    private static let cache = Mutex()
    nonisolated(unsafe) private static var loaded: [String: Result<PluginLibrary, Error>] = [:]

    private static func open(path: String) throws -> PluginLibrary {
        let library = try DynamicLibrary.open(path)
        guard let entryAddress = library.symbol(entrySymbol) else { throw PluginLoadError.noEntryPoint(path: path) }
        let entry = unsafeBitCast(entryAddress, to: latkit_entry_fn.self)
        guard let raw = entry() else { throw PluginLoadError.malformed(path: path, reason: "the entry point returned NULL") }
        let header = UnsafeRawPointer(raw).load(as: latkit_header.self)
        guard header.abi_major == LatKitVersion.abiMajor else {
            throw PluginLoadError.abiMismatch(path: path, plugin: nil, major: header.abi_major, minor: header.abi_minor)
        }
        guard header.struct_size >= MemoryLayout<latkit_library>.size else {
            throw PluginLoadError.malformed(
                path: path, reason: "library struct is \(header.struct_size) bytes, ABI 1.0 needs \(MemoryLayout<latkit_library>.size)")
        }
        let info = readVersioned(latkit_library.self, at: UnsafeRawPointer(raw), declaredSize: header.struct_size)
        if let initialize = info.`init` {
            var host = latkit_host_info()
            host.header = latkit_header(
                struct_size: UInt32(MemoryLayout<latkit_host_info>.size), abi_major: LatKitVersion.abiMajor,
                abi_minor: LatKitVersion.abiMinor)
            let status = LatKitVersion.hostCString.withUnsafeBufferPointer { version in
                "latkit".withCString { name in
                    host.host_name = name
                    host.host_version = version.baseAddress
                    return ErrorBuffer.call { initialize(&host, $0) }
                }
            }
            if let failure = status { throw PluginLoadError.refusedHost(path: path, message: failure.message) }
        }
        guard info.plugin_count == 0 || info.plugins != nil else {
            throw PluginLoadError.malformed(path: path, reason: "plugin_count is \(info.plugin_count) but plugins is NULL")
        }
        var plugins: [PluginInfo] = []
        var warnings: [String] = []
        for index in 0..<Int(info.plugin_count) {
            guard let descriptor = info.plugins[index] else {
                throw PluginLoadError.malformed(path: path, reason: "descriptor \(index) is NULL")
            }
            guard let plugin = try readDescriptor(descriptor, index: index, path: path, warnings: &warnings) else { continue }
            if plugins.contains(where: { $0.name == plugin.name }) {
                throw PluginLoadError.malformed(path: path, reason: "two of its plugins are named '\(plugin.name)'")
            }
            plugins.append(plugin)
        }
        return PluginLibrary(path: path, name: info.name.map { String(cString: $0) } ?? "", plugins: plugins, warnings: warnings)
    }

    /// Reads and validates one descriptor; nil (with a warning) for a kind this host does not know.
    private static func readDescriptor(
        _ pointer: UnsafePointer<latkit_descriptor>, index: Int, path: String, warnings: inout [String]
    ) throws -> PluginInfo? {
        let header = UnsafeRawPointer(pointer).load(as: latkit_header.self)
        guard header.abi_major == LatKitVersion.abiMajor else {
            throw PluginLoadError.abiMismatch(path: path, plugin: "descriptor \(index)", major: header.abi_major, minor: header.abi_minor)
        }
        guard header.struct_size >= MemoryLayout<latkit_descriptor>.size else {
            throw PluginLoadError.malformed(
                path: path,
                reason: "descriptor \(index) is \(header.struct_size) bytes, ABI 1.0 needs \(MemoryLayout<latkit_descriptor>.size)")
        }
        let raw = readVersioned(latkit_descriptor.self, at: UnsafeRawPointer(pointer), declaredSize: header.struct_size)
        let name = raw.name.map { String(cString: $0) } ?? ""
        guard isValidPluginName(name) else {
            throw PluginLoadError.malformed(path: path, reason: "descriptor \(index) has invalid name '\(name)' (use [a-z0-9][a-z0-9.-]*)")
        }
        guard let kind = PluginKind(rawValue: raw.kind) else {
            warnings.append(
                "\(path): skipped plugin '\(name)' of unknown kind \(raw.kind) (built for ABI \(header.abi_major).\(header.abi_minor))")
            return nil
        }
        guard let table = raw.table else { throw PluginLoadError.malformed(path: path, reason: "plugin '\(name)' has no function table") }
        let tableHeader = table.load(as: latkit_header.self)
        guard tableHeader.abi_major == LatKitVersion.abiMajor else {
            throw PluginLoadError.abiMismatch(path: path, plugin: name, major: tableHeader.abi_major, minor: tableHeader.abi_minor)
        }
        guard Int(tableHeader.struct_size) >= kind.minimumTableSize else {
            throw PluginLoadError.malformed(
                path: path,
                reason: "plugin '\(name)': \(kind.label) table is \(tableHeader.struct_size) bytes, ABI 1.0 needs \(kind.minimumTableSize)")
        }
        let missing = kind.missingFunctions(in: table)
        guard missing.isEmpty else {
            throw PluginLoadError.malformed(
                path: path, reason: "plugin '\(name)': \(kind.label) table lacks \(missing.joined(separator: ", "))")
        }
        return PluginInfo(
            name: name, kind: kind, version: raw.version.map { String(cString: $0) } ?? "",
            summary: raw.summary.map { String(cString: $0) } ?? "",
            optionsHelp: raw.options_help.map { String(cString: $0) } ?? "",
            abiMajor: header.abi_major, abiMinor: header.abi_minor, file: path,
            functions: try readFunctions(raw, plugin: name, path: path), descriptor: pointer, table: table)
    }

    /// The extension functions, read with the stride their own `struct_size` gives.
    private static func readFunctions(_ raw: latkit_descriptor, plugin name: String, path: String) throws -> [ExtensionFunctionInfo] {
        guard raw.function_count > 0 else { return [] }
        guard let list = raw.functions else {
            throw PluginLoadError.malformed(path: path, reason: "plugin '\(name)' declares \(raw.function_count) functions but gives none")
        }
        let base = UnsafeRawPointer(list)
        let stride = Int(base.load(as: UInt32.self))
        guard stride >= MemoryLayout<latkit_function>.size else {
            throw PluginLoadError.malformed(
                path: path,
                reason: "plugin '\(name)': function entries are \(stride) bytes, ABI 1.0 needs \(MemoryLayout<latkit_function>.size)")
        }
        return try (0..<Int(raw.function_count)).map { slot in
            let entry = readVersioned(latkit_function.self, at: base + slot * stride, declaredSize: UInt32(stride))
            guard let fname = entry.name, let signature = entry.signature, let address = entry.function else {
                throw PluginLoadError.malformed(path: path, reason: "plugin '\(name)': function \(slot) lacks a name, signature or address")
            }
            return ExtensionFunctionInfo(
                name: String(cString: fname), signature: String(cString: signature),
                summary: entry.summary.map { String(cString: $0) } ?? "",
                address: unsafeBitCast(address, to: UnsafeRawPointer.self))
        }
    }

    static func isValidPluginName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }
}

extension LatKitVersion {
    /// `host` as a NUL-terminated C string, kept for the life of the process.
    static let hostCString: [CChar] = Array(host.utf8CString)
}
