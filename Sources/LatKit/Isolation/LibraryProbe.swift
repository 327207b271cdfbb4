import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads a stranger's plugin library first in a child (`latkit plugin-worker --probe FILE`), so
/// that a library whose loading crashes, exits or never finishes (a constructor that faults, an
/// entry point or descriptor that points into nowhere) costs one line, not the host.
///
/// Loading is deterministic: a library that loads in the child is then opened in the host,
/// where its plugins' descriptors are read. One probe per file and process.
enum LibraryProbe {
    /// The line the child writes on its standard output once loading returned (with or without
    /// an error: a load error is the host's to report, from its own load).
    static let loadedMarker = "latkit-probe: loaded"

    /// Seconds loading may take when the policy gives no `--timeout`.
    static let defaultTimeout = 30.0

    private static let lock = Mutex()
    nonisolated(unsafe) private static var probed: [String: Result<Void, PluginLoadError>] = [:]

    /// Loads `path` in a child of `executable`; throws `PluginLoadError.crashedWhileLoading` when
    /// the child dies, exits, or runs past `timeout` before loading returned.
    static func check(_ path: String, executable: String, timeout: Double?) throws {
        let key = realPath(path)
        let result = lock.withLock { probed[key] } ?? run(path, executable: executable, timeout: timeout ?? defaultTimeout)
        lock.withLock { probed[key] = result }
        try result.get()
    }

    private static func run(_ path: String, executable: String, timeout: Double) -> Result<Void, PluginLoadError> {
        func failed(_ ending: String, _ lastWords: String? = nil) -> Result<Void, PluginLoadError> {
            .failure(.crashedWhileLoading(path: path, ending: ending + (lastWords.map { " (its last words: \($0))" } ?? "")))
        }
        let cannot = "could not be loaded in a child first"
        guard let output = ChildProcess.unlinkedTemporaryFile() else {
            return failed("\(cannot): temporary file: \(String(cString: strerror(errno)))")
        }
        defer { close(output) }
        guard let errors = ChildProcess.unlinkedTemporaryFile() else {
            return failed("\(cannot): temporary file: \(String(cString: strerror(errno)))")
        }
        defer { close(errors) }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if input >= 0 { close(input) } }
        let started = Date()
        switch ChildProcess.spawn([executable, "plugin-worker", "--probe", path], input: input, output: output, error: errors) {
        case .failure(let failure):
            return failed("\(cannot): \(failure)")
        case .success(let child):
            let termination = child.reap(grace: timeout)
            let lastWords = ChildProcess.lastLine(of: errors)
            switch termination {
            case nil:
                return failed("\(cannot): the child went away")
            case .signal(SIGKILL)? where Date().timeIntervalSince(started) >= timeout:
                return failed("did not finish loading within \(String(format: "%g", timeout)) s")
            case .signal(let signal)?:
                return failed("crashed while loading: \(signalName(signal))", lastWords)
            case .exited(let code)? where code != 0 || ChildProcess.lastLine(of: output) != loadedMarker:
                return failed("exited with status \(code) while loading", lastWords)
            case .exited?:
                break
            }
            return .success(())
        }
    }
}
