/// The search problem as an isolated strategy's worker sees it: every call goes up to the host,
/// which runs it on the real problem (see `IsolatedSearchStrategy`), so the child never loads an
/// estimator or a search space.
final class RemoteSearchProblem: SearchProblem {
    let objectives: [SearchObjective]
    private let channel: WorkerChannel

    init(objectives: [SearchObjective], channel: WorkerChannel) {
        self.objectives = objectives
        self.channel = channel
    }

    private func texts(_ what: WorkerWire.ContextCall, count: Int, _ fill: (inout BinaryWriter) -> Void) throws -> [String] {
        var answer = try channel.call(what, fill)
        guard let texts = answer.strings(), texts.count == count else {
            throw WorkerWire.Malformed(description: "the host answered \(what) with the wrong number of architectures")
        }
        return texts
    }

    func sample(count: Int, seed: UInt64) throws -> [String] {
        try texts(.sample, count: count) {
            $0.i64(count)
            $0.u64(seed)
        }
    }

    func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        try texts(.mutate, count: parents.count) {
            $0.strings(parents)
            $0.u64(seed)
            $0.f64(mutationProbability)
            $0.f64(resolutionProbability)
        }
    }

    func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
        try texts(.crossover, count: first.count) {
            $0.strings(first)
            $0.strings(second)
            $0.u64(seed)
        }
    }

    func evaluate(_ architectures: [String]) throws -> [ProblemEvaluation] {
        var answer = try channel.call(.evaluate) { $0.strings(architectures) }
        let columns = objectives.count
        guard let values = answer.array(Double.self), let feasible = answer.array(UInt8.self),
            values.count == architectures.count * columns, feasible.count == architectures.count
        else { throw WorkerWire.Malformed(description: "the host's evaluate answer is truncated or malformed") }
        return (0..<architectures.count).map { row in
            ProblemEvaluation(objectives: Array(values[(row * columns)..<((row + 1) * columns)]), feasible: feasible[row] != 0)
        }
    }
}
