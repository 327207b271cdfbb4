import LatKitPluginABI

/// A search-strategy plugin behind the typed `SearchStrategy` protocol.
final class PluginSearchStrategy: SearchStrategy {
    private let instance: PluginInstance
    private let api: latkit_search_strategy_api

    var name: String { instance.plugin.name }
    var version: String { instance.plugin.version }

    init(plugin: PluginInfo, options: [String: String]) throws {
        api = plugin.table(as: latkit_search_strategy_api.self)
        instance = try PluginInstance(plugin: plugin, options: options)
    }

    /// What one call of the table's `run` did, before it is judged: the status the strategy
    /// returned, its message, the architectures it wrote, and the context's bookkeeping.
    struct Outcome {
        var failure: PluginCallError?
        var results: [String?]
        var evaluated: Int
        var evaluateCalls: Int
        var hostError: Error?
    }

    /// Calls `run` and reports what happened without interpreting it (for the conformance suite).
    func runOutcome(_ problem: SearchProblem, seed: UInt64, maxEvaluations: Int, progress: ProgressHandler?) -> Outcome {
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
        return Outcome(
            failure: failure, results: collector.texts, evaluated: bridge.evaluated, evaluateCalls: bridge.evaluateCalls,
            hostError: bridge.firstError)
    }

    func run(_ problem: SearchProblem, seed: UInt64, maxEvaluations: Int, progress: ProgressHandler?) throws -> [String] {
        let outcome = runOutcome(problem, seed: seed, maxEvaluations: maxEvaluations, progress: progress)
        // A failed host call is the root cause whether or not the strategy passed it on.
        if let hostError = outcome.hostError { throw hostError }
        if let failure = outcome.failure { throw failure }
        if let gap = outcome.results.firstIndex(of: nil) {
            throw PluginCallError(
                plugin: name, function: "run", status: Int32(LATKIT_ERR_INTERNAL),
                message: "returned no item \(gap) of \(outcome.results.count)")
        }
        return outcome.results.map { $0! }
    }
}
