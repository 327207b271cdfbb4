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

    /// Loads the library at `path` (made absolute against the current directory).
    public static func load(path rawPath: String) throws -> PluginLibrary {
        let path = absolutePath(rawPath)
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
        for index in 0..<Int(info.plugin_count) {
            guard let descriptor = info.plugins[index] else {
                throw PluginLoadError.malformed(path: path, reason: "descriptor \(index) is NULL")
            }
            plugins.append(try readDescriptor(descriptor, index: index, path: path))
        }
        return PluginLibrary(path: path, name: info.name.map { String(cString: $0) } ?? "", plugins: plugins)
    }

    private static func readDescriptor(_ pointer: UnsafePointer<latkit_descriptor>, index: Int, path: String) throws -> PluginInfo {
        let header = UnsafeRawPointer(pointer).load(as: latkit_header.self)
        let raw = readVersioned(latkit_descriptor.self, at: UnsafeRawPointer(pointer), declaredSize: header.struct_size)
        let name = raw.name.map { String(cString: $0) } ?? ""
        guard header.abi_major == LatKitVersion.abiMajor else {
            throw PluginLoadError.abiMismatch(
                path: path, plugin: name.isEmpty ? nil : name, major: header.abi_major, minor: header.abi_minor)
        }
        guard header.struct_size >= MemoryLayout<latkit_descriptor>.size else {
            throw PluginLoadError.malformed(
                path: path,
                reason: "descriptor \(index) is \(header.struct_size) bytes, ABI 1.0 needs \(MemoryLayout<latkit_descriptor>.size)")
        }
        guard isValidPluginName(name) else {
            throw PluginLoadError.malformed(path: path, reason: "descriptor \(index) has invalid name '\(name)' (use [a-z0-9][a-z0-9.-]*)")
        }
        guard let kind = PluginKind(rawValue: raw.kind) else {
            throw PluginLoadError.malformed(path: path, reason: "plugin '\(name)' has unknown kind \(raw.kind)")
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
        var functions: [ExtensionFunctionInfo] = []
        if raw.function_count > 0 {
            guard let list = raw.functions else {
                throw PluginLoadError.malformed(
                    path: path, reason: "plugin '\(name)' declares \(raw.function_count) functions but gives none")
            }
            for slot in 0..<Int(raw.function_count) {
                let function = list[slot]
                guard let fname = function.name, let signature = function.signature, let address = function.function else {
                    throw PluginLoadError.malformed(
                        path: path, reason: "plugin '\(name)': function \(slot) lacks a name, signature or address")
                }
                functions.append(
                    ExtensionFunctionInfo(
                        name: String(cString: fname), signature: String(cString: signature),
                        summary: function.summary.map { String(cString: $0) } ?? "",
                        address: unsafeBitCast(address, to: UnsafeRawPointer.self)))
            }
        }
        return PluginInfo(
            name: name, kind: kind, version: raw.version.map { String(cString: $0) } ?? "",
            summary: raw.summary.map { String(cString: $0) } ?? "",
            optionsHelp: raw.options_help.map { String(cString: $0) } ?? "",
            abiMajor: header.abi_major, abiMinor: header.abi_minor, file: path, functions: functions,
            descriptor: pointer, table: table)
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
