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

    /// Asks the host for the architectures of one `sample`, `mutate` or `crossover`.
    private func vary(_ variation: ArchitectureVariation) throws -> [String] {
        var answer = try channel.call(variation.call) { variation.write(to: &$0) }
        guard let texts = answer.strings(), texts.count == variation.resultCount else {
            throw WorkerWire.Malformed(description: "the host answered \(variation.call) with the wrong number of architectures")
        }
        return texts
    }

    func sample(count: Int, seed: UInt64) throws -> [String] { try vary(.sample(count: count, seed: seed)) }

    func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        try vary(
            .mutate(parents: parents, seed: seed, mutationProbability: mutationProbability, resolutionProbability: resolutionProbability))
    }

    func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
        try vary(.crossover(first: first, second: second, seed: seed))
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
