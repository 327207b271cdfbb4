import LatKitPluginABI

/// A search-strategy plugin that runs in a child `latkit plugin-worker` process. The child runs
/// the strategy against a `RemoteSearchProblem`; each of its search-context calls (sample,
/// mutate, crossover, evaluate) comes back to the host as a `call`, which runs it on the real
/// problem, counts it against the budget and answers. Estimators and the search space stay in
/// the host (or in their own workers); a strategy that crashes, exits or hangs costs the run.
final class IsolatedSearchStrategy: OutcomeReportingStrategy {
    /// The plugin's name.
    var name: String { worker.name }
    /// The plugin's version.
    let version: String

    private let worker: WorkerConnection

    /// Starts `executable plugin-worker` for `plugin`; the strategy's `create` runs there.
    init(plugin: PluginInfo, options: [String: String], executable: String, timeout: Double? = nil) throws {
        version = plugin.version
        worker = try WorkerConnection(plugin: plugin, options: options, executable: executable, timeout: timeout)
    }

    func runOutcome(_ problem: SearchProblem, seed: UInt64, maxEvaluations: Int, progress: ProgressHandler?) -> StrategyRunOutcome {
        var outcome = StrategyRunOutcome(failure: nil, results: [], evaluated: 0, evaluateCalls: 0, hostError: nil, ended: nil)
        let answer = { (call: inout BinaryReader) -> [UInt8] in
            var reply = BinaryWriter()
            do {
                reply.u8(WorkerWire.CallAnswer.ok.rawValue)
                try Self.answer(&call, problem: problem, maxEvaluations: maxEvaluations, outcome: &outcome, into: &reply)
            } catch {
                if outcome.hostError == nil { outcome.hostError = error }
                reply = BinaryWriter()
                reply.u8(WorkerWire.CallAnswer.failed.rawValue)
                reply.integer(SearchContextBridge.status(for: error))
                reply.string("\(error)")
            }
            return reply.bytes
        }
        var body = BinaryWriter()
        body.u8(WorkerWire.Request.run.rawValue)
        body.u64(seed)
        body.i64(maxEvaluations)
        body.strings(problem.objectives.map(\.name))
        body.array(problem.objectives.map { $0.maximize ? UInt8(1) : 0 })
        do {
            var reply = try worker.exchange(body.bytes, function: "run", progress: progress, answer: answer)
            guard let failed = reply.u8() else { throw worker.malformed("run") }
            if failed != 0 {
                guard let status = reply.integer(Int32.self), let message = reply.string() else { throw worker.malformed("run") }
                outcome.failure = PluginCallError(plugin: name, function: "run", status: status, message: message)
            }
            guard let written = reply.array(UInt8.self), let texts = reply.strings(), written.count == texts.count,
                let refusal = reply.u8()
            else { throw worker.malformed("run") }
            outcome.results = zip(written, texts).map { $0 != 0 ? $1 : nil }
            switch refusal {
            case 0: break
            case 1:
                guard let limit = reply.i64(), let evaluated = reply.i64(), let asked = reply.i64() else { throw worker.malformed("run") }
                if outcome.hostError == nil {
                    outcome.hostError = SearchBudgetError(maxEvaluations: limit, evaluated: evaluated, asked: asked)
                }
            case 2:
                guard let text = reply.string() else { throw worker.malformed("run") }
                if outcome.hostError == nil { outcome.hostError = ContextCallError(text) }
            default:
                throw worker.malformed("run")
            }
        } catch let ended as IsolatedPluginError {
            outcome.ended = ended
        } catch {
            outcome.hostError = outcome.hostError ?? error
        }
        return outcome
    }

    /// Runs one search-context call of the child on `problem` and writes its results.
    private static func answer(
        _ call: inout BinaryReader, problem: SearchProblem, maxEvaluations: Int, outcome: inout StrategyRunOutcome,
        into reply: inout BinaryWriter
    ) throws {
        let malformed = ContextCallError("the strategy's worker sent a malformed search-context call")
        guard let what = call.u8().flatMap(WorkerWire.ContextCall.init(rawValue:)) else { throw malformed }
        switch what {
        case .sample, .mutate, .crossover:
            guard let variation = ArchitectureVariation.read(what, from: &call) else { throw malformed }
            reply.strings(try variation.answer(by: problem))
        case .evaluate:
            guard let architectures = call.strings() else { throw malformed }
            // The child's bridge counts the budget too; the host does not trust it to.
            guard outcome.evaluated + architectures.count <= maxEvaluations else {
                throw SearchBudgetError(maxEvaluations: maxEvaluations, evaluated: outcome.evaluated, asked: architectures.count)
            }
            outcome.evaluated += architectures.count
            outcome.evaluateCalls += 1
            let evaluations = try problem.evaluate(architectures)
            reply.array(evaluations.flatMap(\.objectives))
            reply.array(evaluations.map { $0.feasible ? UInt8(1) : 0 })
        }
    }
}
