/// What proposes architectures to a search: draws them, mutates them and crosses them, each call
/// batched and seeded. A `SearchSpace` does it itself; a `SearchProblem` passes it on to its
/// space, so a strategy varies architectures without seeing the space.
public protocol ArchitectureGenerator: AnyObject {
    /// `count` architectures drawn uniformly with `seed`.
    func sample(count: Int, seed: UInt64) throws -> [String]
    /// One mutant per parent (OFA's per-gene and resolution mutation probabilities).
    func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String]
    /// One child per pair by uniform crossover.
    func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String]
}
