import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `latkit` child started to run a stranger's code: in its own process group (so that anything
/// the code starts can be killed with it), with SIGPIPE at its default, the Swift runtime's crash
/// backtracer off, and its standard streams on descriptors the parent chose. Used by
/// `IsolatedEstimator` (a plugin's calls) and `LibraryProbe` (a library's loading).
struct ChildProcess {
    /// The child's process id, also its process group id.
    let pid: pid_t

    /// Starts `arguments[0]` with `arguments`, its standard input, output and error on the given
    /// descriptors; the error's text (from `posix_spawn`) when it cannot be started.
    static func spawn(_ arguments: [String], input: Int32, output: Int32, error: Int32) -> Result<ChildProcess, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, error, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var environment = ProcessInfo.processInfo.environment
        // The Swift runtime's crash backtracer would spend seconds on a plugin's crash.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { return .failure(SpawnFailure(description: "\(arguments[0]): \(String(cString: strerror(status)))")) }
        return .success(ChildProcess(pid: pid))
    }

    /// Why `spawn` failed, as one line.
    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// How a reaped child ended.
    enum Termination: Equatable {
        /// Killed by this signal.
        case signal(Int32)
        /// Exited with this status.
        case exited(Int32)

        init(waitStatus status: Int32) {
            self = status & 0x7f != 0 ? .signal(status & 0x7f) : .exited((status >> 8) & 0xff)
        }
    }

    /// Kills the child's whole process group.
    func killGroup() { _ = kill(-pid, SIGKILL) }

    /// Waits up to `grace` seconds (nil: for ever) for the child to exit, then kills its group and
    /// waits for it; kills the group again afterwards so that nothing it started lingers. Returns
    /// how it ended, or nil when the child could not be waited for (already reaped).
    func reap(grace: Double?) -> Termination? {
        var status: Int32 = 0
        let deadline = grace.map { Date(timeIntervalSinceNow: $0) }
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { return nil }
            if let deadline, Date() >= deadline {
                killGroup()
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(2_000)
        }
        killGroup()
        return Termination(waitStatus: status)
    }

    /// An unlinked temporary file, open for reading and writing and closed on exec: where a
    /// child's standard error goes, so that only its tail is ever shown.
    static func unlinkedTemporaryFile() -> Int32? {
        var template = Array((NSTemporaryDirectory() + "/latkit-worker-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return descriptor
    }

    /// The last non-empty line written to the file `descriptor`, shortened to 160 characters.
    static func lastLine(of descriptor: Int32) -> String? {
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return nil }
        let count = Int(min(size, 4096))
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, count, size - off_t(count)) }
        guard got > 0 else { return nil }
        let text = String(decoding: bytes[..<got], as: UTF8.self)
        guard
            let last = text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }).last(where: { !$0.isEmpty })
        else { return nil }
        return last.count > 160 ? String(last.prefix(157)) + "..." : last
    }
}
