import LatKitPluginABI

/// A handle made by a plugin table's `create` and released by its `destroy` when this object goes.
/// Calls on one handle are serialized by `lock`, as the ABI promises plugins.
final class PluginInstance {
    let plugin: PluginInfo
    let handle: OpaquePointer
    private let destroy: (@convention(c) (OpaquePointer?) -> Void)?
    let lock = Mutex()

    /// Creates a handle through the table's `create` (every table begins with the same base).
    init(plugin: PluginInfo, options: [String: String]) throws {
        self.plugin = plugin
        // Every v1 table starts with header, create, destroy (LATKIT_TABLE_BASE); the loader has
        // checked that both functions are present and that the table is at least this large.
        let base = plugin.table(as: latkit_search_strategy_api.self)
        let create = base.create!
        var made: OpaquePointer?
        try ErrorBuffer.check(plugin.name, "create") { error in
            optionsText(options).withCString { create(plugin.descriptor, $0, &made, error) }
        }
        guard let made else {
            throw PluginCallError(
                plugin: plugin.name, function: "create", status: Int32(LATKIT_ERR_INTERNAL), message: "returned success but no handle")
        }
        handle = made
        destroy = base.destroy
    }

    deinit { destroy?(handle) }

    /// Runs an ABI call on this handle, serialized, throwing a `PluginCallError` on failure.
    func call(_ function: String, _ body: (OpaquePointer, UnsafeMutablePointer<latkit_error>) -> latkit_status) throws {
        try lock.withLock {
            try ErrorBuffer.check(plugin.name, function) { body(handle, $0) }
        }
    }
}

/// Options as the ABI's "key=value" lines, in a stable order.
func optionsText(_ options: [String: String]) -> String {
    options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: "\n")
}
