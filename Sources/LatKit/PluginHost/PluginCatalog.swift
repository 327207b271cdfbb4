/// All plugins the host could load, by name, with the problems met on the way.
///
/// Plugin names are unique: two plugins with the same name are an error that names both files.
/// A library that fails to load is recorded in `problems` (one line each) and its plugins are not
/// used; commands decide whether that is fatal.
public final class PluginCatalog {
    /// Loaded plugins in discovery order.
    public private(set) var plugins: [PluginInfo] = []
    /// One entry per library that could not be loaded.
    public private(set) var problems: [PluginLoadError] = []
    /// Plugins skipped inside libraries that did load (unknown kinds from a newer ABI minor).
    public private(set) var warnings: [String] = []

    /// Which plugins run in a child process; none by default.
    public var isolation = IsolationPolicy.inProcess

    /// Creates an empty catalog; load plugins into it before use.
    public init() {}

    /// Loads every plugin file `discovery` finds; a library `isolation` isolates is loaded in a
    /// child first (see `IsolationPolicy.probeLoading`).
    public convenience init(discovery: PluginDiscovery, isolation: IsolationPolicy = .inProcess) throws {
        self.init()
        self.isolation = isolation
        for file in discovery.candidateFiles() {
            do {
                try load(file: file)
            } catch let error as PluginLoadError {
                if case .duplicateName = error { throw error }
                problems.append(error)
            }
        }
    }

    /// Loads one library file (in a child first when `isolation` isolates it); its plugins join
    /// the catalog.
    @discardableResult
    public func load(file: String) throws -> PluginLibrary {
        try isolation.probeLoading(file)
        let library = try PluginLibrary.load(path: file)
        try add(library: library)
        return library
    }

    private func add(library: PluginLibrary) throws {
        for warning in library.warnings where !warnings.contains(warning) { warnings.append(warning) }
        for plugin in library.plugins {
            if let existing = plugins.first(where: { $0.name == plugin.name }) {
                if realPath(existing.file) == realPath(plugin.file) { continue }
                throw PluginLoadError.duplicateName(name: plugin.name, first: existing.file, second: plugin.file)
            }
        }
        let known = Set(plugins.map(\.name))
        plugins += library.plugins.filter { !known.contains($0.name) }
    }

    /// The plugin called `name`, optionally of a given kind.
    public func plugin(named name: String, kind: PluginKind? = nil) throws -> PluginInfo {
        guard let found = plugins.first(where: { $0.name == name }) else {
            throw PluginLoadError.notFound(name: name, kind: kind, available: plugins.filter { kind == nil || $0.kind == kind }.map(\.name))
        }
        if let kind, found.kind != kind { throw PluginLoadError.wrongKind(name: name, expected: kind, actual: found.kind) }
        return found
    }

    /// Plugins of one kind.
    public func plugins(of kind: PluginKind) -> [PluginInfo] { plugins.filter { $0.kind == kind } }

    /// A new instance of the search space `name`: in a child process when `isolation` says so
    /// (or `isolate`, a pipeline file's per-plugin setting, under the automatic policy).
    public func searchSpace(_ name: String, options: [String: String] = [:], isolate: Bool? = nil) throws -> SearchSpace {
        try policy(isolate).searchSpace(plugin(named: name, kind: .searchSpace), options: options)
    }

    /// `isolation`, with a per-plugin setting replacing the automatic choice (not `always` or `never`).
    func policy(_ isolate: Bool?) -> IsolationPolicy {
        var policy = isolation
        if let isolate, policy.mode == .automatic { policy.mode = isolate ? .always : .never }
        return policy
    }

    /// A new instance of the estimator `name` (or, with `kind: .accuracyPredictor`, of an accuracy
    /// predictor): in a child process when `isolation` says so, else in-process. `isolate` (a
    /// pipeline file's per-plugin setting) replaces the automatic choice, not `always` or `never`.
    public func estimator(
        _ name: String, options: [String: String] = [:], kind: PluginKind = .estimator, isolate: Bool? = nil
    ) throws -> LatencyEstimator {
        try policy(isolate).estimator(plugin(named: name, kind: kind), options: options)
    }

    /// A new instance of the profiler `name`, in a child process when `isolation` says so.
    public func profiler(_ name: String, options: [String: String] = [:]) throws -> Profiler {
        try isolation.profiler(plugin(named: name, kind: .profiler), options: options)
    }
}
