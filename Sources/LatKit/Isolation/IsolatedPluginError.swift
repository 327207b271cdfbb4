import Foundation

/// How an isolated plugin's call ended when it did not return: one line, e.g.
/// `plugin 'x' (/path/liblatkit_x.so) crashed in predict: SIGSEGV`.
public struct IsolatedPluginError: Error, CustomStringConvertible, Equatable {
    /// How the worker process ended.
    public enum Ending: Equatable, Sendable {
        /// Killed by a signal (a crash, an abort, a trap).
        case signal(Int32)
        /// Exited (the plugin called `exit`) with this status.
        case exited(Int32)
        /// Ran past the timeout, in seconds, and was killed.
        case timedOut(Double)
        /// Closed its end of the conversation and could not be reaped.
        case vanished
        /// Answered something that is not a reply.
        case malformedReply
        /// Could not be started at all; the text says why.
        case notStarted(String)
    }

    /// The plugin's name.
    public var plugin: String
    /// The plugin's library file.
    public var file: String
    /// The call it was in: create, fit, adapt, predict, save or load.
    public var function: String
    /// How the worker ended.
    public var ending: Ending
    /// The last line the worker wrote on standard error, if any.
    public var stderrTail: String?

    static func cannotStart(_ plugin: PluginInfo, _ reason: String) -> IsolatedPluginError {
        IsolatedPluginError(plugin: plugin.name, file: plugin.file, function: "create", ending: .notStarted(reason), stderrTail: nil)
    }

    /// One line naming the plugin, its file, the call and what happened.
    public var description: String {
        let what: String
        switch ending {
        case .signal(let signal): what = "crashed in \(function): \(signalName(signal))"
        case .exited(let status): what = "exited with status \(status) in \(function)"
        case .timedOut(let seconds): what = "timed out after \(String(format: "%g", seconds)) s in \(function)"
        case .vanished: what = "went away in \(function)"
        case .malformedReply: what = "sent a malformed reply in \(function)"
        case .notStarted(let reason): what = "could not start its worker process: \(reason)"
        }
        let tail = stderrTail.map { " (its last words: \($0))" } ?? ""
        return "plugin '\(plugin)' (\(file)) \(what)\(tail)"
    }
}

/// An error the worker met outside the plugin (the host's own checks of a batch), as its text.
struct WorkerReportedError: Error, CustomStringConvertible {
    var description: String
}
