/// Why a plugin library or one of its plugins could not be used. Each case prints as one line
/// that names the file and the cause.
public enum PluginLoadError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case notASharedLibrary(path: String, reason: String)
    case unresolvedSymbol(path: String, symbol: String)
    case noEntryPoint(path: String)
    case abiMismatch(path: String, plugin: String?, major: UInt16, minor: UInt16)
    case malformed(path: String, reason: String)
    case refusedHost(path: String, message: String)
    /// Loading the library in a child (`LibraryProbe`) ended badly; `ending` says how, e.g.
    /// "crashed while loading: SIGSEGV".
    case crashedWhileLoading(path: String, ending: String)
    case duplicateName(name: String, first: String, second: String)
    case notFound(name: String, kind: PluginKind?, available: [String])
    case wrongKind(name: String, expected: PluginKind, actual: PluginKind)

    /// One line naming the file (or plugin) and the cause.
    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file"
        case .notASharedLibrary(let path, let reason):
            return "\(path): not a loadable shared library (\(reason))"
        case .unresolvedSymbol(let path, let symbol):
            return "\(path): unresolved symbol '\(symbol)' (the library needs something that is not loaded)"
        case .noEntryPoint(let path):
            return "\(path): no entry symbol '\(PluginLibrary.entrySymbol)': not a LatencyKit plugin"
        case .abiMismatch(let path, let plugin, let major, let minor):
            let what = plugin.map { "plugin '\($0)'" } ?? "library"
            return "\(path): \(what) was built for plugin ABI \(major).\(minor); this host speaks ABI \(LatKitVersion.abiMajor).x"
        case .malformed(let path, let reason):
            return "\(path): malformed plugin library: \(reason)"
        case .refusedHost(let path, let message):
            return
                "\(path): the library refused this host (latkit \(LatKitVersion.host), ABI \(LatKitVersion.abiMajor).\(LatKitVersion.abiMinor)): \(message)"
        case .crashedWhileLoading(let path, let ending):
            return "\(path): plugin library \(ending)"
        case .duplicateName(let name, let first, let second):
            return "two plugins are named '\(name)': \(first) and \(second)"
        case .notFound(let name, let kind, let available):
            let what = kind.map { "\($0.label) plugin" } ?? "plugin"
            let list = available.isEmpty ? "none found; see --plugin-path and LATKIT_PLUGIN_PATH" : available.joined(separator: ", ")
            return "no \(what) named '\(name)' (available: \(list))"
        case .wrongKind(let name, let expected, let actual):
            return "plugin '\(name)' is a \(actual.label), not a \(expected.label)"
        }
    }
}

/// A plugin call that returned an error status.
public struct PluginCallError: Error, CustomStringConvertible, Equatable {
    /// The plugin's name.
    public var plugin: String
    /// The ABI function that failed, e.g. "predict".
    public var function: String
    /// The `LATKIT_ERR_*` status it returned.
    public var status: Int32
    /// The message it wrote.
    public var message: String

    /// `plugin: function failed (status name): message`.
    public var description: String {
        "\(plugin): \(function) failed (\(PluginCallError.statusName(status))): \(message.isEmpty ? "no message" : message)"
    }

    /// The symbolic name of an ABI status code.
    public static func statusName(_ status: Int32) -> String {
        switch status {
        case 1: return "invalid argument"
        case 2: return "unsupported"
        case 3: return "wrong state"
        case 4: return "cancelled"
        case 5: return "I/O error"
        case 6: return "incompatible"
        case 7: return "internal error"
        default: return "status \(status)"
        }
    }
}
