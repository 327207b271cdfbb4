import LatKitPluginABI

/// A search-strategy plugin behind the typed `SearchStrategy` protocol.
final class PluginSearchStrategy: OutcomeReportingStrategy {
    private let instance: PluginInstance
    private let api: latkit_search_strategy_api

    var name: String { instance.plugin.name }
    var version: String { instance.plugin.version }

    init(plugin: PluginInfo, options: [String: String]) throws {
        api = plugin.table(as: latkit_search_strategy_api.self)
        instance = try PluginInstance(plugin: plugin, options: options)
    }

    /// Calls `run` and reports what happened without interpreting it (for the conformance suite).
    func runOutcome(_ problem: SearchProblem, seed: UInt64, maxEvaluations: Int, progress: ProgressHandler?) -> StrategyRunOutcome {
        let bridge = SearchContextBridge(problem: problem, maxEvaluations: maxEvaluations)
        let collector = ResultListCollector()
        let run = api.run!
        var failure: PluginCallError?
        withProgress(progress) { progressPointer in
            bridge.withContext(progress: progressPointer) { context in
                do {
                    try instance.call("run") { handle, error in
                        withSink(collector) { run(handle, context, seed, UInt64(maxEvaluations), $0, error) }
                    }
                } catch {
                    failure = error as? PluginCallError
                }
            }
        }
        return StrategyRunOutcome(
            failure: failure, results: collector.texts, evaluated: bridge.evaluated, evaluateCalls: bridge.evaluateCalls,
            hostError: bridge.firstError)
    }
}
