import LatKitPluginABI

/// What every plugin says about itself: its descriptor fields.
public protocol PluginIdentity: AnyObject {
    /// Unique name among all loaded plugins: lowercase letters, digits, '.' and '-'.
    static var name: String { get }
    /// The plugin's own version, e.g. "1.0.0".
    static var version: String { get }
    /// One line for `latkit plugins list`.
    static var summary: String { get }
    /// `key=default  meaning` lines describing the options `init(options:)` accepts.
    static var optionsHelp: String { get }
    /// Extra named functions callable with `latkit call` (through libffi in the host).
    static var functions: [ExtensionFunction] { get }
    /// Makes an instance from the options the host passed. Read every option you accept; after
    /// `init` returns, the SDK refuses any key that was not read.
    init(options: PluginOptions) throws
}

extension PluginIdentity {
    /// Default: no option help, for plugins that take no options.
    public static var optionsHelp: String { "" }
    /// Default: no extension functions.
    public static var functions: [ExtensionFunction] { [] }
}

/// A C function a plugin exports by name with a signature string such as `d(d,d)`.
///
/// Letters: `v` void (return only), `i` Int32, `l` Int64, `f` Float, `d` Double, `s` C string.
/// Sendable: its fields are immutable, `pointer` the address of code.
public struct ExtensionFunction: @unchecked Sendable {
    /// The name `latkit call` uses to find the function.
    public let name: String
    /// The signature string, e.g. `d(d,d)`: return letter, then argument letters in parentheses.
    public let signature: String
    /// One line describing what the function does (may be empty).
    public let summary: String
    let pointer: UnsafeRawPointer

    /// Wraps a `@convention(c)` function value; `signature` must describe its real C type.
    public init<Function>(name: String, signature: String, summary: String = "", _ function: Function) {
        precondition(MemoryLayout<Function>.size == MemoryLayout<UnsafeRawPointer>.size, "pass a @convention(c) function")
        self.name = name
        self.signature = signature
        self.summary = summary
        self.pointer = unsafeBitCast(function, to: UnsafeRawPointer.self)
    }
}
