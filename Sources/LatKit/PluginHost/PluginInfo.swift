import LatKitPluginABI

/// One plugin found in a library: its descriptor, read and checked.
public struct PluginInfo: Sendable {
    /// Unique name, e.g. "ofa-mbv3-w1.0".
    public let name: String
    /// What the plugin provides: a search space, an estimator, an accuracy predictor, ...
    public let kind: PluginKind
    /// The plugin's own version string.
    public let version: String
    /// One line for `latkit plugins list`.
    public let summary: String
    /// `key=default  meaning` lines for the options `create` accepts.
    public let optionsHelp: String
    /// ABI version the plugin was compiled against.
    public let abiMajor: UInt16
    /// ABI minor version the plugin was compiled against.
    public let abiMinor: UInt16
    /// Absolute path of the library file.
    public let file: String
    /// Extension functions callable with `latkit call`.
    public let functions: [ExtensionFunctionInfo]

    /// The descriptor and its function table, valid for the life of the process.
    nonisolated(unsafe) let descriptor: UnsafePointer<latkit_descriptor>
    nonisolated(unsafe) let table: UnsafeRawPointer

    /// The function table as `T`, read no further than the size the plugin declared.
    func table<T>(as type: T.Type) -> T { readTable(type, at: table) }
}

/// An extension function declared by a plugin.
public struct ExtensionFunctionInfo: Sendable {
    /// The name `latkit call` uses to find the function.
    public let name: String
    /// e.g. "d(d,d)"; see `latkit_function` in the ABI header.
    public let signature: String
    /// One line describing what the function does (may be empty).
    public let summary: String
    nonisolated(unsafe) let address: UnsafeRawPointer
}
