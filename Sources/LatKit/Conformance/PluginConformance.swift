/// Runs every plugin of a library through the conformance suite of its kind
/// (`latkit plugins check PATH`).
public enum PluginConformance {
    /// Checks each plugin in `library`; `options` are passed to every plugin's `create`. A
    /// profiler measures networks drawn from `space` (nil skips those checks). Plugins that
    /// `isolation` isolates run in a child process, so a crash fails a check, not the host.
    public static func check(
        _ library: PluginLibrary, options: [String: String] = [:], space: SearchSpace? = nil, isolation: IsolationPolicy = .inProcess
    ) -> [ConformanceReport] {
        library.plugins.map { check($0, options: options, space: space, isolation: isolation) }
    }

    /// Checks one plugin.
    public static func check(
        _ plugin: PluginInfo, options: [String: String] = [:], space: SearchSpace? = nil, isolation: IsolationPolicy = .inProcess
    ) -> ConformanceReport {
        switch plugin.kind {
        case .estimator, .accuracyPredictor:
            return EstimatorConformance.run(plugin, options: options, isolation: isolation)
        case .searchSpace:
            return SearchSpaceConformance.run(plugin, options: options, isolation: isolation)
        case .searchStrategy:
            return SearchStrategyConformance.run(plugin, options: options, isolation: isolation)
        case .profiler:
            return ProfilerConformance.run(plugin, options: options, space: space, isolation: isolation)
        }
    }
}
