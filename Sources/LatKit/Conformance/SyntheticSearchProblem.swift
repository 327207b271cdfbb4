import LatKitRandom

/// A small search problem that needs no plugin, for the strategy conformance suite and tests:
/// architectures are `genes=g0-g1-...` with `geneCount` genes in 0...4; objective "score"
/// (maximized) is the sum of genes weighted 1, 2, 1, 2, ...; objective "cost" (minimized) is the
/// plain sum of genes; an architecture is feasible when its cost is at most `costLimit`.
/// It records every architecture evaluated, and can be told to fail its n-th `evaluate` call.
final class SyntheticSearchProblem: SearchProblem {
    let geneCount: Int
    let costLimit: Double
    let objectives: [SearchObjective]
    /// Every architecture passed to `evaluate`, in order.
    private(set) var evaluated: [String] = []
    /// Number of `evaluate` calls so far.
    private(set) var evaluateCalls = 0
    /// When set, the `evaluate` call with this number (1-based) throws `injectedFailure`.
    var failingCall: Int?
    /// The error the failing call throws.
    let injectedFailure = PluginCallError(
        plugin: "synthetic-problem", function: "evaluate", status: Int32(5), message: "injected I/O failure of the host")

    init(geneCount: Int = 12, costLimit: Double = 30, twoObjectives: Bool = true) {
        self.geneCount = geneCount
        self.costLimit = costLimit
        objectives =
            [SearchObjective(name: "score", maximize: true)] + (twoObjectives ? [SearchObjective(name: "cost", maximize: false)] : [])
    }

    private func text(_ genes: [Int]) -> String { "genes=" + genes.map(String.init).joined(separator: "-") }

    /// The genes of a canonical architecture, or nil when it is not one.
    func genes(_ architecture: String) -> [Int]? {
        guard architecture.hasPrefix("genes=") else { return nil }
        let parts = architecture.dropFirst("genes=".count).split(separator: "-", omittingEmptySubsequences: false)
        let genes = parts.compactMap { Int($0) }
        guard genes.count == geneCount, parts.count == geneCount, genes.allSatisfy({ (0...4).contains($0) }),
            text(genes) == architecture
        else { return nil }
        return genes
    }

    private func checked(_ architecture: String) throws -> [Int] {
        guard let genes = genes(architecture) else {
            throw PluginCallError(
                plugin: "synthetic-problem", function: "canonicalize", status: 1, message: "not an architecture: '\(architecture)'")
        }
        return genes
    }

    func sample(count: Int, seed: UInt64) throws -> [String] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in text((0..<geneCount).map { _ in random.int(below: 5) }) }
    }

    func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        var random = SeededGenerator(seed: seed)
        return try parents.map { parent in
            text(try checked(parent).map { random.double() < mutationProbability ? random.int(below: 5) : $0 })
        }
    }

    func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
        var random = SeededGenerator(seed: seed)
        return try zip(first, second).map { a, b in
            text(zip(try checked(a), try checked(b)).map { random.double() < 0.5 ? $0 : $1 })
        }
    }

    func evaluate(_ architectures: [String]) throws -> [ProblemEvaluation] {
        evaluateCalls += 1
        if let failingCall, evaluateCalls == failingCall { throw injectedFailure }
        evaluated += architectures
        return try architectures.map { architecture in
            let genes = try checked(architecture)
            let score = genes.enumerated().reduce(0.0) { $0 + Double($1.element * ($1.offset % 2 == 0 ? 1 : 2)) }
            let cost = Double(genes.reduce(0, +))
            return ProblemEvaluation(objectives: Array([score, cost].prefix(objectives.count)), feasible: cost <= costLimit)
        }
    }
}
