extension PluginWorker {
    /// The results of a strategy's `run` request (the child side of `IsolatedSearchStrategy`):
    /// the strategy explores a `RemoteSearchProblem`, whose calls the host answers, and the reply
    /// carries its error status, its result items and any refusal the child's own search-context
    /// bridge made (an overrun budget, a malformed call).
    static func answerSearchStrategy(
        _ strategy: PluginSearchStrategy, _ request: WorkerWire.DecodedRequest, channel: WorkerChannel
    ) throws -> BinaryWriter {
        guard case .otherKind(.run, var arguments) = request else { throw WorkerWire.Malformed(description: "not a strategy request") }
        guard let seed = arguments.u64(), let maxEvaluations = arguments.i64(), maxEvaluations >= 0, let names = arguments.strings(),
            let directions = arguments.array(UInt8.self), names.count == directions.count
        else { throw WorkerWire.Malformed(description: "a run request is truncated or malformed") }
        let problem = RemoteSearchProblem(
            objectives: zip(names, directions).map { SearchObjective(name: $0, maximize: $1 != 0) }, channel: channel)
        let outcome = strategy.runOutcome(problem, seed: seed, maxEvaluations: maxEvaluations, progress: channel.progress)
        if let broken = outcome.hostError as? WorkerWire.Malformed { throw broken }

        var results = BinaryWriter()
        results.u8(outcome.failure == nil ? 0 : 1)
        if let failure = outcome.failure {
            results.integer(failure.status)
            results.string(failure.message)
        }
        results.array(outcome.results.map { $0 == nil ? UInt8(0) : 1 })
        results.strings(outcome.results.map { $0 ?? "" })
        // Errors the host answered travel back as the host's own; only the child's refusals are sent.
        switch outcome.hostError {
        case let budget as SearchBudgetError:
            results.u8(1)
            results.i64(budget.maxEvaluations)
            results.i64(budget.evaluated)
            results.i64(budget.asked)
        case let refusal as ContextCallError:
            results.u8(2)
            results.string(refusal.description)
        default:
            results.u8(0)
        }
        return results
    }
}
