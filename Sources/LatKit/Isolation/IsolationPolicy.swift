import Foundation

/// Which plugins a `PluginCatalog` runs in a child process (`IsolatedEstimator`,
/// `IsolatedSearchSpace`, `IsolatedSearchStrategy`, `IsolatedProfiler`), and which libraries it
/// loads in a child first (`LibraryProbe`).
///
/// By default (`automatic`) the plugins shipped with latkit, those in the running executable's
/// own folder (or, installed, in `<prefix>/lib/latkit/plugins`), run in-process, and every other plugin (one loaded by path, one found on a plugin
/// path elsewhere) runs isolated. `always` and `never` override that (`--isolate`,
/// `--no-isolate`). Isolation needs a latkit executable to start as the worker; a program that
/// embeds LatKit and has none runs plugins in-process under `automatic`.
public struct IsolationPolicy: Sendable, Equatable {
    /// When to isolate.
    public enum Mode: Sendable, Equatable {
        /// Plugins outside `shippedFolders` run isolated.
        case automatic
        /// Every plugin runs isolated.
        case always
        /// Every plugin runs in-process.
        case never
    }

    /// When to isolate.
    public var mode: Mode
    /// The latkit executable started as the worker; nil when there is none.
    public var executable: String?
    /// Seconds one call of an isolated plugin may take; nil for no limit.
    public var timeout: Double?
    /// The folders whose plugins count as shipped with latkit.
    public var shippedFolders: [String]

    /// A policy; see the type's documentation for the modes.
    public init(mode: Mode, executable: String? = nil, timeout: Double? = nil, shippedFolders: [String] = []) {
        self.mode = mode
        self.executable = executable
        self.timeout = timeout
        self.shippedFolders = shippedFolders
    }

    /// Everything in-process: what a catalog does unless told otherwise.
    public static let inProcess = IsolationPolicy(mode: .never)

    /// The automatic policy for the running program: the worker is `LATKIT_EXECUTABLE` if set,
    /// else the running executable when it is latkit; shipped plugins are those beside it and
    /// those in `<prefix>/lib/latkit/plugins` of an installed binary.
    public static func automatic(environment: [String: String], timeout: Double? = nil) -> IsolationPolicy {
        let running = PluginDiscovery.runningExecutable()
        let worker =
            environment["LATKIT_EXECUTABLE"] ?? running.flatMap { URL(fileURLWithPath: $0).lastPathComponent == "latkit" ? $0 : nil }
        return IsolationPolicy(
            mode: .automatic, executable: worker, timeout: timeout,
            shippedFolders: running.map { executable in
                let bin = URL(fileURLWithPath: executable).deletingLastPathComponent()
                return [bin.path, bin.deletingLastPathComponent().appendingPathComponent("lib/latkit/plugins").path]
            } ?? [])
    }

    /// The policy `plugins check` applies to the plugin under test: under `automatic` every
    /// plugin runs isolated, shipped or not, since a check exists to find its crashes (when there
    /// is a latkit executable to start); `always` and `never` (`--no-isolate`) stay as they are.
    public var forCheckingPlugins: IsolationPolicy {
        var policy = self
        if mode == .automatic, executable != nil { policy.mode = .always }
        return policy
    }

    /// Whether `plugin` runs isolated under this policy.
    public func isolates(_ plugin: PluginInfo) -> Bool { isolates(file: plugin.file) }

    /// Whether the plugins of the library `file` run isolated under this policy.
    public func isolates(file: String) -> Bool {
        switch mode {
        case .never: return false
        case .always: return true
        case .automatic:
            guard executable != nil else { return false }
            let folder = realPath(URL(fileURLWithPath: absolutePath(file)).deletingLastPathComponent().path)
            return !shippedFolders.contains { realPath($0) == folder }
        }
    }

    /// When this policy isolates `file` (and it is not loaded yet), loads it first in a child
    /// (`LibraryProbe`), within `timeout` or 30 s: a library whose loading crashes, exits or
    /// hangs throws `PluginLoadError.crashedWhileLoading` instead of taking the host with it.
    public func probeLoading(_ file: String) throws {
        guard isolates(file: file), let executable, !PluginLibrary.isLoaded(path: file) else { return }
        try LibraryProbe.check(absolutePath(file), executable: executable, timeout: timeout)
    }

    /// The worker executable when this policy isolates `plugin`, nil when it runs in-process.
    private func worker(for plugin: PluginInfo) throws -> String? {
        guard isolates(plugin) else { return nil }
        guard let executable else {
            throw IsolatedPluginError.cannotStart(plugin, "no latkit executable to run it in (set LATKIT_EXECUTABLE)")
        }
        return executable
    }

    /// A new instance of the estimator (or accuracy predictor) `plugin`: an `IsolatedEstimator`
    /// when this policy isolates it, else the plugin in-process.
    public func estimator(_ plugin: PluginInfo, options: [String: String]) throws -> LatencyEstimator {
        guard let executable = try worker(for: plugin) else { return try PluginEstimator(plugin: plugin, options: options) }
        return try IsolatedEstimator(plugin: plugin, options: options, executable: executable, timeout: timeout)
    }

    /// A new instance of the search space `plugin`, isolated or in-process as this policy says.
    public func searchSpace(_ plugin: PluginInfo, options: [String: String]) throws -> SearchSpace {
        guard let executable = try worker(for: plugin) else { return try PluginSearchSpace(plugin: plugin, options: options) }
        return try IsolatedSearchSpace(plugin: plugin, options: options, executable: executable, timeout: timeout)
    }

    /// A new instance of the search strategy `plugin`, isolated or in-process as this policy says.
    public func searchStrategy(_ plugin: PluginInfo, options: [String: String]) throws -> SearchStrategy {
        try outcomeReportingStrategy(plugin, options: options)
    }

    /// The same, as the conformance suite inspects it.
    func outcomeReportingStrategy(_ plugin: PluginInfo, options: [String: String]) throws -> OutcomeReportingStrategy {
        guard let executable = try worker(for: plugin) else { return try PluginSearchStrategy(plugin: plugin, options: options) }
        return try IsolatedSearchStrategy(plugin: plugin, options: options, executable: executable, timeout: timeout)
    }

    /// A new instance of the profiler `plugin`, isolated or in-process as this policy says.
    public func profiler(_ plugin: PluginInfo, options: [String: String]) throws -> Profiler {
        guard let executable = try worker(for: plugin) else { return try PluginProfiler(plugin: plugin, options: options) }
        return try IsolatedProfiler(plugin: plugin, options: options, executable: executable, timeout: timeout)
    }
}
