/// A `sample`, `mutate` or `crossover` call with its arguments, as it crosses the worker
/// protocol in either direction: the host asking an isolated search space, or an isolated
/// strategy's worker asking the host's search context. One encoding, one reader with its checks,
/// and one dispatch serve both.
enum ArchitectureVariation {
    case sample(count: Int, seed: UInt64)
    case mutate(parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double)
    case crossover(first: [String], second: [String], seed: UInt64)

    /// The search-context call that asks for it (whose code a strategy's worker sends).
    var call: WorkerWire.ContextCall {
        switch self {
        case .sample: .sample
        case .mutate: .mutate
        case .crossover: .crossover
        }
    }

    /// How many architectures the answer holds: one per sample, parent or pair.
    var resultCount: Int {
        switch self {
        case .sample(let count, _): count
        case .mutate(let parents, _, _, _): parents.count
        case .crossover(let first, _, _): first.count
        }
    }

    /// Writes the arguments (the call's code is the caller's).
    func write(to writer: inout BinaryWriter) {
        switch self {
        case .sample(let count, let seed):
            writer.i64(count)
            writer.u64(seed)
        case .mutate(let parents, let seed, let mutation, let resolution):
            writer.strings(parents)
            writer.u64(seed)
            writer.f64(mutation)
            writer.f64(resolution)
        case .crossover(let first, let second, let seed):
            writer.strings(first)
            writer.strings(second)
            writer.u64(seed)
        }
    }

    /// Reads the arguments of a `call`; nil when they are truncated, a sample asks for more than
    /// `WorkerWire.maximumSampled` architectures, a crossover's two lists differ in length, or
    /// `call` is `evaluate`.
    static func read(_ call: WorkerWire.ContextCall, from reader: inout BinaryReader) -> ArchitectureVariation? {
        switch call {
        case .sample:
            guard let count = reader.i64(), count >= 0, count <= WorkerWire.maximumSampled, let seed = reader.u64() else { return nil }
            return .sample(count: count, seed: seed)
        case .mutate:
            guard let parents = reader.strings(), let seed = reader.u64(), let mutation = reader.f64(), let resolution = reader.f64()
            else { return nil }
            return .mutate(parents: parents, seed: seed, mutationProbability: mutation, resolutionProbability: resolution)
        case .crossover:
            guard let first = reader.strings(), let second = reader.strings(), first.count == second.count, let seed = reader.u64()
            else { return nil }
            return .crossover(first: first, second: second, seed: seed)
        case .evaluate:
            return nil
        }
    }

    /// The architectures `generator` (a space, or a strategy's problem) answers.
    func answer(by generator: ArchitectureGenerator) throws -> [String] {
        switch self {
        case .sample(let count, let seed): try generator.sample(count: count, seed: seed)
        case .mutate(let parents, let seed, let mutation, let resolution):
            try generator.mutate(parents, seed: seed, mutationProbability: mutation, resolutionProbability: resolution)
        case .crossover(let first, let second, let seed): try generator.crossover(first, second, seed: seed)
        }
    }
}
