import LatKitPluginABI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One plugin to export from a library, made by one of the static functions.
public struct PluginRegistration {
    let kind: latkit_kind
    let identity: PluginIdentity.Type
    let makeTable: () -> UnsafeRawPointer

    /// Exports a search space.
    public static func searchSpace<P: SearchSpacePlugin>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(kind: LATKIT_KIND_SEARCH_SPACE, identity: type) { leak(SearchSpaceThunks.table()) }
    }

    /// Exports a latency estimator.
    public static func estimator<P: EstimatorPlugin>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(kind: LATKIT_KIND_ESTIMATOR, identity: type) { leak(EstimatorThunks.table(for: type)) }
    }

    /// Exports an accuracy predictor (same interface as an estimator, predicting accuracy).
    public static func accuracyPredictor<P: EstimatorPlugin>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(kind: LATKIT_KIND_ACCURACY_PREDICTOR, identity: type) { leak(EstimatorThunks.table(for: type)) }
    }

    /// Exports a search strategy.
    public static func searchStrategy<P: SearchStrategyPlugin>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(kind: LATKIT_KIND_SEARCH_STRATEGY, identity: type) { leak(SearchStrategyThunks.table()) }
    }

    /// Exports a profiler.
    public static func profiler<P: ProfilerPlugin>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(kind: LATKIT_KIND_PROFILER, identity: type) { leak(ProfilerThunks.table(for: type)) }
    }
}

/// Builds the static `latkit_library` a plugin's entry point returns.
///
/// Call it once from the library's `@_cdecl("latkit_plugin_entry")` function through a global
/// constant, so every call returns the same pointer:
///
/// ```swift
/// nonisolated(unsafe) private let library = exportLibrary(name: "latkit-example", plugins: [.estimator(MyEstimator.self)])
/// @_cdecl("latkit_plugin_entry")
/// public func latkitPluginEntry() -> UnsafePointer<latkit_library> { library }
/// ```
///
/// The memory it allocates lives as long as the process, as the ABI requires.
public func exportLibrary(name: String, plugins: [PluginRegistration]) -> UnsafePointer<latkit_library> {
    let descriptors = UnsafeMutablePointer<UnsafePointer<latkit_descriptor>?>.allocate(capacity: max(plugins.count, 1))
    for (index, registration) in plugins.enumerated() {
        let type = registration.identity
        var descriptor = latkit_descriptor()
        descriptor.header = header(MemoryLayout<latkit_descriptor>.size)
        descriptor.kind = registration.kind.rawValue
        descriptor.name = cString(type.name)
        descriptor.version = cString(type.version)
        descriptor.summary = cString(type.summary)
        descriptor.options_help = cString(type.optionsHelp)
        descriptor.table = registration.makeTable()
        let functions = type.functions
        descriptor.function_count = UInt32(functions.count)
        if !functions.isEmpty {
            let table = UnsafeMutablePointer<latkit_function>.allocate(capacity: functions.count)
            for (slot, function) in functions.enumerated() {
                table[slot] = latkit_function(
                    struct_size: UInt32(MemoryLayout<latkit_function>.size), reserved: 0,
                    name: cString(function.name), signature: cString(function.signature),
                    function: unsafeBitCast(function.pointer, to: (@convention(c) () -> Void).self),
                    summary: cString(function.summary))
            }
            descriptor.functions = UnsafePointer(table)
        }
        descriptor.plugin_data = Unmanaged.passRetained(Factory(type)).toOpaque()
        descriptors[index] = UnsafePointer(leak(descriptor).assumingMemoryBound(to: latkit_descriptor.self))
    }
    var library = latkit_library()
    library.header = header(MemoryLayout<latkit_library>.size)
    library.plugin_count = UInt32(plugins.count)
    library.name = cString(name)
    library.plugins = UnsafePointer(descriptors)
    return leak(library).assumingMemoryBound(to: latkit_library.self)
}

/// Makes plugin instances for `create`; stored in the descriptor's `plugin_data`.
final class Factory {
    let type: PluginIdentity.Type
    init(_ type: PluginIdentity.Type) { self.type = type }
}

func header(_ size: Int) -> latkit_header {
    latkit_header(struct_size: UInt32(size), abi_major: UInt16(LATKIT_ABI_VERSION_MAJOR), abi_minor: UInt16(LATKIT_ABI_VERSION_MINOR))
}

/// A NUL-terminated copy that lives for the rest of the process.
func cString(_ text: String) -> UnsafePointer<CChar> { UnsafePointer(strdup(text)!) }

/// Copies `value` to memory that lives for the rest of the process.
func leak<T>(_ value: T) -> UnsafeRawPointer {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
    pointer.initialize(to: value)
    return UnsafeRawPointer(pointer)
}

/// The `create` every table shares: reads the factory from the descriptor, parses the options.
let createThunk:
    @convention(c) (
        UnsafePointer<latkit_descriptor>?, UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<latkit_error>?
    ) -> latkit_status = { descriptor, options, out, error in
        guarded(error) {
            guard let descriptor, let data = descriptor.pointee.plugin_data, let out else {
                throw PluginError.invalid("create needs the descriptor and an output handle")
            }
            let factory = Unmanaged<Factory>.fromOpaque(data).takeUnretainedValue()
            let parsed = try PluginOptions(text: options.map { String(cString: $0) } ?? "")
            let instance = try factory.type.init(options: parsed)
            try parsed.finish()
            out.pointee = OpaquePointer(Unmanaged<AnyObject>.passRetained(instance).toOpaque())
        }
    }

/// The `destroy` every table shares.
let destroyThunk: @convention(c) (OpaquePointer?) -> Void = { handle in
    guard let handle else { return }
    Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle)).release()
}
