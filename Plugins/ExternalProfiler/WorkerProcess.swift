import LatKitPluginABI
import LatKitPluginKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why talking to a worker failed: the worker is then of no further use and is stopped.
enum WorkerFault: Error {
    /// Nothing (or no complete line) arrived within the time allowed.
    case timedOut(seconds: Double)
    /// The worker closed its standard output (it exited, or is exiting).
    case closed
    /// Writing a request failed (the worker closed its standard input).
    case writeFailed(String)
    /// A line longer than `WorkerProcess.maximumLine` bytes.
    case lineTooLong
}

/// One running worker: `/bin/sh -c COMMAND` in its own process group, its standard input, output
/// and error on pipes. It is stopped (killed with its whole process group) and reaped exactly
/// once, by `stop` or on deinit; no descriptor of it outlives the object.
final class WorkerProcess {
    /// The command line as the user gave it.
    let command: String
    /// The shell's process id, also the id of the worker's process group.
    let pid: pid_t
    private var input: Int32
    private var output: Int32
    private var errors: Int32
    private var pending: [UInt8] = []
    private var errorTail: [UInt8] = []
    /// How the worker ended, once `stop` reaped it.
    private(set) var ending: String?

    /// Longest line accepted from a worker (a response is a few hundred bytes).
    static let maximumLine = 1 << 20
    /// Bytes of standard error kept for messages.
    static let errorTailBytes = 8192

    /// Starts `command` with /bin/sh -c. Fails only when the process cannot be created at all.
    init(command: String) throws {
        self.command = command
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        func closeAll() { (stdinPipe + stdoutPipe + stderrPipe).filter { $0 >= 0 }.forEach { _ = close($0) } }
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            let reason = String(cString: strerror(errno))
            closeAll()
            throw PluginError(latkit_status(LATKIT_ERR_IO), "cannot create pipes for worker `\(command)`: \(reason)")
        }
        // Close-on-exec everywhere: no other child of the host inherits a worker's pipe (and keeps
        // it open past the worker's end); dup2 in the child clears the flag on 0, 1 and 2.
        for descriptor in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout kills what the shell started too (adb, ssh, python);
        // default handling of the signals the host may ignore or block (SIGPIPE above all).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { arguments.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = arguments.withUnsafeBufferPointer { argv in
            posix_spawn(&child, "/bin/sh", &actions, &attributes, argv.baseAddress!, environ)
        }
        // The child's ends belong to the child now.
        _ = close(stdinPipe[0])
        _ = close(stdoutPipe[1])
        _ = close(stderrPipe[1])
        guard spawned == 0 else {
            _ = close(stdinPipe[1])
            _ = close(stdoutPipe[0])
            _ = close(stderrPipe[0])
            throw PluginError(latkit_status(LATKIT_ERR_IO), "cannot start worker `\(command)`: \(String(cString: strerror(spawned)))")
        }
        pid = child
        input = stdinPipe[1]
        output = stdoutPipe[0]
        errors = stderrPipe[0]
        for descriptor in [input, output, errors] { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
    }

    deinit { stop(grace: 2) }

    // MARK: Talking

    /// Writes `line` and a newline to the worker's standard input within `timeout` seconds.
    /// A closed pipe is a `WorkerFault`, never a SIGPIPE for the host.
    func send(_ line: String, timeout: Double) throws {
        guard input >= 0 else { throw WorkerFault.writeFailed("its input is closed") }
        let bytes = Array((line + "\n").utf8)
        let deadline = Clock.now + timeout
        var written = 0
        try withSIGPIPEBlocked {
            while written < bytes.count {
                let result = bytes[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                if result >= 0 {
                    written += result
                    continue
                }
                switch errno {
                case EINTR: continue
                case EAGAIN:
                    let left = deadline - Clock.now
                    guard left > 0 else { throw WorkerFault.timedOut(seconds: timeout) }
                    var entry = pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&entry, 1, Int32(min(left * 1000, 1000).rounded(.up)))
                default:
                    throw WorkerFault.writeFailed(String(cString: strerror(errno)))
                }
            }
        }
    }

    /// The next line the worker writes on its standard output (without the newline; blank lines
    /// are skipped), waiting at most `timeout` seconds. `tick` runs about once a second while
    /// waiting (a progress report that may throw to cancel). Standard error is drained meanwhile.
    func readLine(timeout: Double, tick: () throws -> Void = {}) throws -> String {
        let deadline = Clock.now + timeout
        while true {
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { return line }
            }
            guard pending.count <= Self.maximumLine else { throw WorkerFault.lineTooLong }
            guard output >= 0 else {
                // End of output, every whole line taken: the worker is gone or going; what it
                // said on stderr helps.
                drainErrors()
                throw WorkerFault.closed
            }
            let left = deadline - Clock.now
            guard left > 0 else { throw WorkerFault.timedOut(seconds: timeout) }
            var entries = [pollfd(fd: output, events: Int16(POLLIN), revents: 0), pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&entries, 2, Int32(min(left * 1000, 1000).rounded(.up)))
            if ready < 0, errno != EINTR { throw WorkerFault.closed }
            if entries[1].revents != 0 { drainErrors() }
            if entries[0].revents != 0, !readOutput() {
                // End of output; the lines that came before it still count.
                _ = close(output)
                output = -1
                continue
            }
            try tick()
        }
    }

    /// Reads what standard output holds; false at its end.
    private func readOutput() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count > 0 {
                pending.append(contentsOf: chunk[..<count])
                if pending.count > Self.maximumLine { return true }
                continue
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN { return true }
            return false
        }
    }

    /// Moves what standard error holds into the kept tail.
    private func drainErrors() {
        guard errors >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
            if count > 0 {
                errorTail.append(contentsOf: chunk[..<count])
                if errorTail.count > Self.errorTailBytes { errorTail.removeFirst(errorTail.count - Self.errorTailBytes) }
                continue
            }
            if count < 0, errno == EINTR { continue }
            if count == 0 {
                // Its end: nothing more will come (and poll would keep reporting it).
                _ = close(errors)
                errors = -1
            }
            return
        }
    }

    /// The last `count` non-empty lines the worker wrote on standard error, joined with " | ".
    func lastErrorLines(_ count: Int = 5) -> String {
        drainErrors()
        let lines = String(decoding: errorTail, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
        return lines.suffix(count).joined(separator: " | ")
    }

    // MARK: Ending

    /// Whether the shell has ended (not yet reaped).
    var hasExited: Bool {
        guard ending == nil else { return true }
        var info = siginfo_t()
        // WNOWAIT: look without reaping, so the process group id stays ours until `stop`.
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    /// Stops the worker: closes its input (a well-behaved worker exits at end of input), waits up
    /// to `grace` seconds, kills its whole process group, reaps the shell and closes every pipe.
    /// Returns how it ended ("exited with status 1", "killed by signal 9"). Idempotent.
    @discardableResult
    func stop(grace: Double) -> String {
        if let ending { return ending }
        if input >= 0 {
            _ = close(input)
            input = -1
        }
        let deadline = Clock.now + grace
        while !hasExited, Clock.now < deadline { usleep(10_000) }
        // The shell is not reaped yet, so its process group id cannot have been reused: killing
        // the group reaches the worker's own children, and only them.
        _ = kill(-pid, SIGKILL)
        _ = kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        drainErrors()
        for descriptor in [output, errors] where descriptor >= 0 { _ = close(descriptor) }
        output = -1
        errors = -1
        let signal = status & 0x7f
        let described = signal == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(signal)"
        ending = described
        return described
    }
}

/// Seconds on a monotonic clock.
enum Clock {
    static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Runs `body` with SIGPIPE blocked in this thread, discarding a SIGPIPE that its writes raised,
/// so that writing to a worker that has gone is an EPIPE error and never ends the host.
private func withSIGPIPEBlocked(_ body: () throws -> Void) rethrows {
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
    var pendingBefore = sigset_t()
    sigpending(&pendingBefore)
    let wasPending = sigismember(&pendingBefore, SIGPIPE) == 1
    defer {
        var pendingAfter = sigset_t()
        sigpending(&pendingAfter)
        if !wasPending, sigismember(&pendingAfter, SIGPIPE) == 1 {
            var noWait = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeSignal, nil, &noWait)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
    try body()
}
