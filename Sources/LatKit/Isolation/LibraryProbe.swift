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
        guard let output = ChildProcess.unlinkedTemporaryFile(), let errors = ChildProcess.unlinkedTemporaryFile() else {
            return failed("could not be loaded in a child first: temporary file: \(String(cString: strerror(errno)))")
        }
        defer {
            close(output)
            close(errors)
        }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if input >= 0 { close(input) } }
        let started = Date()
        switch ChildProcess.spawn([executable, "plugin-worker", "--probe", path], input: input, output: output, error: errors) {
        case .failure(let failure):
            return failed("could not be loaded in a child first: \(failure)")
        case .success(let child):
            guard let status = child.reap(grace: timeout) else {
                return failed("could not be loaded in a child first: the child went away")
            }
            let lastWords = ChildProcess.lastLine(of: errors)
            if status & 0x7f == SIGKILL && Date().timeIntervalSince(started) >= timeout {
                return failed("did not finish loading within \(String(format: "%g", timeout)) s")
            }
            if status & 0x7f != 0 { return failed("crashed while loading: \(signalName(status & 0x7f))", lastWords) }
            let code = (status >> 8) & 0xff
            guard code == 0, ChildProcess.lastLine(of: output) == loadedMarker else {
                return failed("exited with status \(code) while loading", lastWords)
            }
            return .success(())
        }
    }
}
