import LatKitPluginABI

/// A caller-owned error buffer for one ABI call.
enum ErrorBuffer {
    /// Capacity of the message buffer handed to plugins.
    static let capacity = 1024

    /// Runs `body` with a fresh error buffer; returns nil on `LATKIT_OK`, else the status and message.
    static func call(_ body: (UnsafeMutablePointer<latkit_error>) -> latkit_status) -> (status: Int32, message: String)? {
        var storage = [CChar](repeating: 0, count: capacity)
        return storage.withUnsafeMutableBufferPointer { buffer in
            var error = latkit_error(message: buffer.baseAddress, capacity: UInt32(capacity), reserved: 0)
            let status = body(&error)
            if status == LATKIT_OK { return nil }
            buffer[capacity - 1] = 0  // a plugin that forgot the terminator cannot make us overread
            // One line, whatever the plugin wrote: control characters become spaces.
            let message = String(cString: buffer.baseAddress!).unicodeScalars.map {
                $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0)
            }
            return (status, String(message))
        }
    }

    /// Runs `body` and throws a `PluginCallError` naming `plugin` and `function` on failure.
    static func check(_ plugin: String, _ function: String, _ body: (UnsafeMutablePointer<latkit_error>) -> latkit_status) throws {
        if let failure = call(body) {
            throw PluginCallError(plugin: plugin, function: function, status: failure.status, message: failure.message)
        }
    }
}
