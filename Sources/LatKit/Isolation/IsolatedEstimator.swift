import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An estimator plugin that runs in a child `latkit plugin-worker` process, so that a plugin
/// that crashes, aborts, calls `exit()` or never returns costs the call, not the host.
///
/// The child loads the plugin's library and creates one handle; every `fit`, `adapt`,
/// `predict`, `save` and `load` is a binary request on its standard input and a reply on its
/// standard output (see `EstimatorWire`). The child runs in its own process group, its standard
/// error goes to an unlinked temporary file (only a short tail of it is ever shown), and when it
/// dies or overruns the timeout the group is killed and reaped and the call throws one
/// `IsolatedPluginError`. After that every call throws the same error.
public final class IsolatedEstimator: LatencyEstimator {
    /// The plugin's name.
    public let name: String
    /// The plugin's version.
    public let version: String
    /// The plugin's declared views and capabilities (read from its table in the host).
    public let requirements: EstimatorRequirements
    /// The plugin's library file.
    public let file: String
    /// Seconds one call may take before the child is killed; nil waits forever.
    public let timeout: Double?

    private let child: ChildProcess
    private let toChild: Int32
    private let fromChild: Int32
    private let childError: Int32
    private let lock = Mutex()
    private var failure: IsolatedPluginError?
    private var reaped = false

    /// Starts `executable plugin-worker` for `plugin` and waits until the plugin's `create` has
    /// returned in the child (within `timeout`).
    public init(plugin: PluginInfo, options: [String: String], executable: String, timeout: Double? = nil) throws {
        name = plugin.name
        version = plugin.version
        file = plugin.file
        requirements = PluginEstimator.requirements(of: plugin)
        self.timeout = timeout
        // Requests go down a socket, so that writing to a child that has died fails with EPIPE
        // (MSG_NOSIGNAL) instead of raising SIGPIPE in a host that has not ignored it.
        var request = [Int32](repeating: -1, count: 2)
        var reply = [Int32](repeating: -1, count: 2)
        func failed(_ what: String) -> IsolatedPluginError {
            let reason = "\(what): \(errnoText())"
            for fd in request + reply where fd >= 0 { close(fd) }
            return IsolatedPluginError.cannotStart(plugin, reason)
        }
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &request) == 0, pipe(&reply) == 0 else {
            throw failed("socketpair or pipe")
        }
        guard let errorFile = ChildProcess.unlinkedTemporaryFile() else { throw failed("temporary file") }
        for fd in request + reply { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let arguments =
            [executable, "plugin-worker", "--library", plugin.file, "--name", plugin.name]
            + options.keys.sorted().flatMap { ["--set", "\($0)=\(options[$0]!)"] }
        let spawned = ChildProcess.spawn(arguments, input: request[0], output: reply[1], error: errorFile)
        close(request[0])
        close(reply[1])
        switch spawned {
        case .failure(let failure):
            close(request[1])
            close(reply[0])
            close(errorFile)
            throw IsolatedPluginError.cannotStart(plugin, failure.description)
        case .success(let started):
            child = started
        }
        toChild = request[1]
        fromChild = reply[0]
        childError = errorFile
        _ = try exchange(nil, function: "create", progress: nil)
    }

    deinit {
        if !reaped {
            var quit = BinaryWriter()
            quit.u8(EstimatorWire.Request.quit.rawValue)
            EstimatorWire.send(quit.bytes, to: toChild)
            close(toChild)
            _ = reap(grace: 2)
        } else {
            close(toChild)
        }
        close(fromChild)
        close(childError)
    }

    // MARK: LatencyEstimator

    /// Fits in the child; progress reports come back, and returning false cancels as in-process.
    public func fit(train: ArchitectureBatch, validation: ArchitectureBatch?, seed: UInt64, progress: ProgressHandler?) throws {
        var body = BinaryWriter()
        body.u8(EstimatorWire.Request.fit.rawValue)
        try EstimatorWire.write(train, to: &body)
        body.u8(validation == nil ? 0 : 1)
        if let validation { try EstimatorWire.write(validation, to: &body) }
        body.u64(seed)
        _ = try exchange(body.bytes, function: "fit", progress: progress)
    }

    /// Adapts in the child.
    public func adapt(shots: ArchitectureBatch, seed: UInt64, progress: ProgressHandler?) throws {
        var body = BinaryWriter()
        body.u8(EstimatorWire.Request.adapt.rawValue)
        try EstimatorWire.write(shots, to: &body)
        body.u64(seed)
        _ = try exchange(body.bytes, function: "adapt", progress: progress)
    }

    /// Predicts in the child.
    public func predict(_ batch: ArchitectureBatch) throws -> Predictions {
        var body = BinaryWriter()
        body.u8(EstimatorWire.Request.predict.rawValue)
        try EstimatorWire.write(batch, to: &body)
        var reply = try exchange(body.bytes, function: "predict", progress: nil)
        guard let mean = reply.array(Double.self), mean.count == batch.count, let hasStd = reply.u8() else {
            throw malformed("predict")
        }
        var std: [Double]?
        if hasStd != 0 {
            guard let values = reply.array(Double.self), values.count == batch.count else { throw malformed("predict") }
            std = values
        }
        return Predictions(mean: mean, std: std)
    }

    /// The fitted state, saved in the child.
    public func save() throws -> [UInt8] {
        var reply = try exchange([EstimatorWire.Request.save.rawValue], function: "save", progress: nil)
        guard let bytes = reply.blob() else { throw malformed("save") }
        return bytes
    }

    /// Loads a state in the child.
    public func load(_ bytes: [UInt8]) throws {
        var body = BinaryWriter()
        body.u8(EstimatorWire.Request.load.rawValue)
        body.blob(bytes)
        _ = try exchange(body.bytes, function: "load", progress: nil)
    }

    // MARK: The conversation

    /// Sends `request` (nil: only wait, for the child's `ready`) and reads replies until `ok`.
    private func exchange(_ request: [UInt8]?, function: String, progress: ProgressHandler?) throws -> BinaryReader {
        try lock.withLock {
            if let failure { throw failure }
            let deadline = timeout.map { Date(timeIntervalSinceNow: $0) }
            if let request, !EstimatorWire.send(request, to: toChild) {
                throw ended(in: function, timedOut: false)
            }
            while true {
                switch EstimatorWire.receive(from: fromChild, deadline: deadline) {
                case .timedOut: throw ended(in: function, timedOut: true)
                case .endOfFile: throw ended(in: function, timedOut: false)
                case .message(let body):
                    var reader = BinaryReader(body)
                    switch reader.u8().flatMap(EstimatorWire.Reply.init(rawValue:)) {
                    case .ok where request != nil, .ready where request == nil:
                        return reader
                    case .failed:
                        guard let status = reader.integer(Int32.self), let plugin = reader.string(), let called = reader.string(),
                            let message = reader.string()
                        else { throw malformedLocked(function) }
                        guard status != 0 else { throw WorkerReportedError(description: message) }
                        throw PluginCallError(plugin: plugin, function: called, status: status, message: message)
                    case .progress:
                        guard let fraction = reader.f64(), let hasMessage = reader.u8(), let message = reader.string() else {
                            throw malformedLocked(function)
                        }
                        let goOn = progress?(fraction, hasMessage != 0 ? message : nil) ?? true
                        if !EstimatorWire.send([goOn ? 1 : 0], to: toChild) { throw ended(in: function, timedOut: false) }
                    default:
                        throw malformedLocked(function)
                    }
                }
            }
        }
    }

    private func malformed(_ function: String) -> IsolatedPluginError { lock.withLock { malformedLocked(function) } }

    private func malformedLocked(_ function: String) -> IsolatedPluginError {
        killGroup()
        _ = reap(grace: 0)
        let error = IsolatedPluginError(plugin: name, file: file, function: function, ending: .malformedReply, stderrTail: stderrTail())
        failure = error
        return error
    }

    /// The child stopped answering: kill it if it is still there, reap it, and say how it ended.
    private func ended(in function: String, timedOut: Bool) -> IsolatedPluginError {
        if timedOut { killGroup() }
        let termination = reap(grace: timedOut ? 0 : 2)
        let ending: IsolatedPluginError.Ending
        switch (timedOut, termination) {
        case (true, _): ending = .timedOut(timeout ?? 0)
        case (false, .signal(let signal)?): ending = .signal(signal)
        case (false, .exited(let status)?): ending = .exited(status)
        case (false, nil): ending = .vanished
        }
        let error = IsolatedPluginError(plugin: name, file: file, function: function, ending: ending, stderrTail: stderrTail())
        failure = error
        return error
    }

    private func killGroup() { child.killGroup() }

    /// Waits up to `grace` seconds for the child to exit, then kills its group; returns how it ended.
    private func reap(grace: Double) -> ChildProcess.Termination? {
        guard !reaped else { return nil }
        reaped = true
        return child.reap(grace: grace)
    }

    /// The last non-empty line the child wrote on standard error, shortened.
    private func stderrTail() -> String? { ChildProcess.lastLine(of: childError) }
}

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

private func errnoText() -> String { String(cString: strerror(errno)) }
