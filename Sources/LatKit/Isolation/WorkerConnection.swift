import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The host's side of one `latkit plugin-worker` child serving one plugin instance: it starts
/// the child, sends requests and reads replies (see `WorkerWire`), and turns a child that
/// crashes, aborts, calls `exit()`, answers nonsense or overruns the timeout into one
/// `IsolatedPluginError`. The isolated plugins of every kind talk to their child through it.
///
/// The child runs in its own process group, its standard error goes to an unlinked temporary
/// file (only a short tail of it is ever shown), and when it dies or overruns the timeout the
/// group is killed and reaped. After that every call throws the same error.
final class WorkerConnection {
    /// The plugin's name.
    let name: String
    /// The plugin's library file.
    let file: String
    /// Seconds one call may take before the child is killed; nil waits forever. For a strategy's
    /// `run` it bounds the time between its search-context calls, not the whole search.
    let timeout: Double?

    private let child: ChildProcess
    private let toChild: Int32
    private let fromChild: Int32
    private let childError: Int32
    private let lock = Mutex()
    private var failure: IsolatedPluginError?
    private var reaped = false

    /// Starts `executable plugin-worker` for `plugin` and waits until the plugin's `create` has
    /// returned in the child (within `timeout`).
    init(plugin: PluginInfo, options: [String: String], executable: String, timeout: Double?) throws {
        name = plugin.name
        file = plugin.file
        self.timeout = timeout
        // Requests go down a socket, so that writing to a child that has died fails with EPIPE
        // (MSG_NOSIGNAL) instead of raising SIGPIPE in a host that has not ignored it.
        var request = [Int32](repeating: -1, count: 2)
        var reply = [Int32](repeating: -1, count: 2)
        func failed(_ what: String) -> IsolatedPluginError {
            let reason = "\(what): \(String(cString: strerror(errno)))"
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
        _ = try exchange(nil, function: "create")
    }

    deinit {
        if !reaped {
            WorkerWire.send([WorkerWire.Request.quit.rawValue], to: toChild)
            close(toChild)
            _ = reap(grace: 2)
        } else {
            close(toChild)
        }
        close(fromChild)
        close(childError)
    }

    /// Sends `request` (nil: only wait, for the child's `ready`) and reads replies until `ok`,
    /// whose body (after its code) it returns. `progress` answers the child's progress reports;
    /// `answer` answers its context calls (a strategy's), given the call's body after the
    /// `call` code and returning the answer's body (see `WorkerWire.CallAnswer`).
    func exchange(
        _ request: [UInt8]?, function: String, progress: ProgressHandler? = nil,
        answer: ((inout BinaryReader) -> [UInt8])? = nil
    ) throws -> BinaryReader {
        try lock.withLock {
            if let failure { throw failure }
            var deadline = timeout.map { Date(timeIntervalSinceNow: $0) }
            if let request, !WorkerWire.send(request, to: toChild) {
                throw ended(in: function, timedOut: false)
            }
            while true {
                switch WorkerWire.receive(from: fromChild, deadline: deadline) {
                case .timedOut: throw ended(in: function, timedOut: true)
                case .endOfFile: throw ended(in: function, timedOut: false)
                case .message(let body):
                    var reader = BinaryReader(body)
                    switch reader.u8().flatMap(WorkerWire.Reply.init(rawValue:)) {
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
                        if !WorkerWire.send([goOn ? 1 : 0], to: toChild) { throw ended(in: function, timedOut: false) }
                    case .call where answer != nil:
                        if !WorkerWire.send(answer!(&reader), to: toChild) { throw ended(in: function, timedOut: false) }
                        // The host's time answering (a generation's evaluation) is not the plugin's.
                        deadline = timeout.map { Date(timeIntervalSinceNow: $0) }
                    default:
                        throw malformedLocked(function)
                    }
                }
            }
        }
    }

    /// The error for a reply of `function` that does not hold what it should: the child is
    /// killed, and every later call throws the same error.
    func malformed(_ function: String) -> IsolatedPluginError { lock.withLock { malformedLocked(function) } }

    private func malformedLocked(_ function: String) -> IsolatedPluginError {
        child.killGroup()
        _ = reap(grace: 0)
        let error = IsolatedPluginError(plugin: name, file: file, function: function, ending: .malformedReply, stderrTail: stderrTail())
        failure = error
        return error
    }

    /// The child stopped answering: kill it if it is still there, reap it, and say how it ended.
    private func ended(in function: String, timedOut: Bool) -> IsolatedPluginError {
        if timedOut { child.killGroup() }
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

    /// Waits up to `grace` seconds for the child to exit, then kills its group; returns how it ended.
    private func reap(grace: Double) -> ChildProcess.Termination? {
        guard !reaped else { return nil }
        reaped = true
        return child.reap(grace: grace)
    }

    /// The last non-empty line the child wrote on standard error, shortened.
    private func stderrTail() -> String? { ChildProcess.lastLine(of: childError) }
}
