import LatKitPluginABI

/// An error a plugin reports to the host: a status code from the ABI and a one-line message.
///
/// Throw it from any plugin method; the SDK turns it into the call's status and writes the message
/// into the host's error buffer. Any other Swift error becomes `LATKIT_ERR_INTERNAL` with its
/// description.
public struct PluginError: Error, CustomStringConvertible {
    /// The ABI status code (`LATKIT_ERR_*`).
    public var status: latkit_status
    /// A single line saying what went wrong and, where it helps, what is allowed.
    public var message: String

    /// Creates an error with a raw `LATKIT_ERR_*` status code and its message.
    public init(_ status: Int32, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Bad input: a malformed architecture, an unknown option, a wrong size.
    public static func invalid(_ message: String) -> PluginError {
        PluginError(latkit_status(LATKIT_ERR_INVALID_ARGUMENT), message)
    }
    /// A call this plugin does not implement.
    public static func unsupported(_ message: String) -> PluginError {
        PluginError(latkit_status(LATKIT_ERR_UNSUPPORTED), message)
    }
    /// A call made in the wrong order, e.g. predict before fit.
    public static func state(_ message: String) -> PluginError {
        PluginError(latkit_status(LATKIT_ERR_STATE), message)
    }
    /// Saved state or versions this plugin cannot accept.
    public static func incompatible(_ message: String) -> PluginError {
        PluginError(latkit_status(LATKIT_ERR_INCOMPATIBLE), message)
    }
    /// A progress callback asked the plugin to stop.
    public static var cancelled: PluginError {
        PluginError(latkit_status(LATKIT_ERR_CANCELLED), "cancelled")
    }

    /// The message alone, as shown to the user.
    public var description: String { message }
}

/// Runs `body`, turning a thrown error into a status and a message in `error`.
@inline(__always)
func guarded(_ buffer: UnsafeMutablePointer<latkit_error>?, _ body: () throws -> Void) -> latkit_status {
    do {
        try body()
        return latkit_status(LATKIT_OK)
    } catch let failure as PluginError {
        writeMessage(failure.message, into: buffer)
        return failure.status
    } catch {
        writeMessage("\(error)", into: buffer)
        return latkit_status(LATKIT_ERR_INTERNAL)
    }
}

/// Copies `message` into a caller-owned error buffer as one line, truncated to its capacity at a
/// character boundary, and NUL-terminated.
func writeMessage(_ message: String, into error: UnsafeMutablePointer<latkit_error>?) {
    guard let error, let buffer = error.pointee.message, error.pointee.capacity > 0 else { return }
    let limit = Int(error.pointee.capacity) - 1
    var length = 0
    for scalar in message.unicodeScalars {
        let units = Array(String(scalar == "\n" ? " " : scalar).utf8)
        if length + units.count > limit { break }
        for unit in units {
            buffer[length] = CChar(bitPattern: unit)
            length += 1
        }
    }
    buffer[length] = 0
}
