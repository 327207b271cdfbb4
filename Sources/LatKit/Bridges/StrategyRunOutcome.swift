import LatKitPluginABI

/// What one run of a strategy plugin did, before it is judged: the error the strategy returned,
/// the architectures it wrote (nil for an item it never wrote), and the host's bookkeeping of its
/// search-context calls.
struct StrategyRunOutcome {
    /// The strategy's own error status and message, if `run` failed.
    var failure: PluginCallError?
    /// The result items, in the order the strategy wrote them.
    var results: [String?]
    /// Architectures the strategy had evaluated.
    var evaluated: Int
    /// Its `evaluate` calls.
    var evaluateCalls: Int
    /// The first error one of its context calls met in the host.
    var hostError: Error?
    /// How an isolated strategy's worker ended when it did not return (a crash, an exit, the
    /// timeout); nil in-process.
    var ended: IsolatedPluginError?
}

/// A strategy plugin, in-process or isolated, whose runs can be inspected (by the conformance
/// suite) before they are judged; `run` judges them the same way for both.
protocol OutcomeReportingStrategy: SearchStrategy {
    /// Runs once and reports what happened without interpreting it.
    func runOutcome(_ problem: SearchProblem, seed: UInt64, maxEvaluations: Int, progress: ProgressHandler?) -> StrategyRunOutcome
}

extension OutcomeReportingStrategy {
    /// Runs once: the host's error when a context call failed (the root cause, whether or not
    /// the strategy passed it on), else the strategy's, else every result item.
    func run(_ problem: SearchProblem, seed: UInt64, maxEvaluations: Int, progress: ProgressHandler?) throws -> [String] {
        let outcome = runOutcome(problem, seed: seed, maxEvaluations: maxEvaluations, progress: progress)
        if let ended = outcome.ended { throw ended }
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
