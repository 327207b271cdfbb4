/// Runs every plugin of a library through the conformance suite of its kind
/// (`latkit plugins check PATH`).
public enum PluginConformance {
    /// Checks each plugin in `library`; `options` are passed to every plugin's `create`.
    public static func check(_ library: PluginLibrary, options: [String: String] = [:]) -> [ConformanceReport] {
        library.plugins.map { check($0, options: options) }
    }

    /// Checks one plugin.
    public static func check(_ plugin: PluginInfo, options: [String: String] = [:]) -> ConformanceReport {
        switch plugin.kind {
        case .estimator, .accuracyPredictor:
            return EstimatorConformance.run(plugin, options: options)
        case .searchSpace:
            return SearchSpaceConformance.run(plugin, options: options)
        case .searchStrategy:
            return SearchStrategyConformance.run(plugin, options: options)
        case .profiler:
            // Measuring needs the real device; check what every table promises and the device's name.
            var report = ConformanceReport(plugin: plugin.name, kind: plugin.kind)
            report.record("create and destroy") {
                _ = try PluginInstance(plugin: plugin, options: options)
                return ""
            }
            report.record("describe_device names the device") {
                let description = try PluginProfiler(plugin: plugin, options: options).describeDevice()
                guard let name = description.first(where: { $0.key == "name" })?.value, !name.isEmpty else {
                    throw ConformanceFailure("describe_device gives no name= line")
                }
                return "name=\(name), \(description.count) fields"
            }
            report.record("unknown option is refused") {
                do {
                    _ = try PluginInstance(plugin: plugin, options: options.merging(["no-such-option-xyz": "1"]) { $1 })
                } catch let error as PluginCallError {
                    return "refused: \(error.message)"
                }
                throw ConformanceFailure("create accepted the unknown option 'no-such-option-xyz'")
            }
            return report
        }
    }
}
