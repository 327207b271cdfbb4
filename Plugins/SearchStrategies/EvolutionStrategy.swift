import LatKitPluginKit

/// `evolution`: the evolutionary search of OFA's evolution finder, with its defaults.
///
/// The first population holds `population` feasible samples. Each generation keeps the best
/// `parent_ratio` of the population as parents, then adds `mutation_ratio` x population mutants of
/// random parents and fills the rest with crossovers of random parent pairs. Mutants and children
/// of one generation go to the host in one `evaluate` call; infeasible ones are rejected and
/// replaced by new variations, in at most `max_tries` further calls per generation (OFA resamples
/// without a bound). The result is the final population without repeats, best first by the first
/// objective.
final class EvolutionStrategy: SearchStrategyPlugin {
    static let name = "evolution"
    static let version = "1.0.0"
    static let summary = "Evolutionary search as in OFA's evolution finder (population 100, 500 generations); ranks by the first objective"
    static let optionsHelp = """
        population=100             architectures per generation
        generations=500            generations after the first population
        parent_ratio=0.25          share of the population kept as parents
        mutation_ratio=0.5         share of the population made by mutation (the rest by crossover)
        mutation_probability=0.1   per-gene mutation probability
        resolution_probability=0.5 mutation probability of the input resolution
        max_tries=100              resampling rounds for infeasible candidates, per generation
        """

    let population: Int
    let generations: Int
    let parentRatio: Double
    let mutationRatio: Double
    let mutationProbability: Double
    let resolutionProbability: Double
    let maxTries: Int

    init(options: PluginOptions) throws {
        population = try options.int("population", default: 100, in: 2...1_000_000)
        generations = try options.int("generations", default: 500, in: 0...10_000_000)
        parentRatio = try options.double("parent_ratio", default: 0.25, in: 0.0...1.0)
        mutationRatio = try options.double("mutation_ratio", default: 0.5, in: 0.0...1.0)
        mutationProbability = try options.double("mutation_probability", default: 0.1, in: 0.0...1.0)
        resolutionProbability = try options.double("resolution_probability", default: 0.5, in: 0.0...1.0)
        maxTries = try options.int("max_tries", default: 100, in: 1...1_000_000)
        guard parentRatio + mutationRatio <= 1 else {
            throw PluginError.invalid("parent_ratio + mutation_ratio must be at most 1 (got \(parentRatio + mutationRatio))")
        }
    }

    func run(context: SearchContext, seed: UInt64, maxEvaluations: Int) throws -> [String] {
        let budget = EvaluationBudget(context: context, seed: seed, maxEvaluations: maxEvaluations)
        let maximize = context.maximize
        let parentCount = max(1, Int((Double(population) * parentRatio).rounded()))
        let mutantCount = Int((Double(population) * mutationRatio).rounded())
        let childCount = max(0, population - parentCount - mutantCount)

        var current = try firstPopulation(budget)
        guard !current.isEmpty else { throw Infeasibility.none(evaluated: budget.used) }
        current = current.rankedByScore(maximize: maximize)
        try report(context, budget, generation: 0, best: current[0])

        var generation = 0
        while generation < generations && budget.remaining > 0 {
            generation += 1
            let parents = Array(current.prefix(parentCount))
            var mutants: [Candidate] = []
            var children: [Candidate] = []
            var tries = 0
            // One evaluate call for the whole generation; only rejected candidates are redone.
            while (mutants.count < mutantCount || children.count < childCount) && tries <= maxTries && budget.remaining > 0 {
                tries += 1
                let pickedForMutation = (0..<(mutantCount - mutants.count)).map { _ in budget.random.element(of: parents).architecture }
                let pairs = (0..<(childCount - children.count)).map { _ in
                    (budget.random.element(of: parents).architecture, budget.random.element(of: parents).architecture)
                }
                let newMutants = try context.mutate(
                    pickedForMutation, seed: budget.nextSeed(), mutationProbability: mutationProbability,
                    resolutionProbability: resolutionProbability)
                let newChildren = try context.crossover(pairs.map(\.0), pairs.map(\.1), seed: budget.nextSeed())
                let evaluated = try budget.evaluate(newMutants + newChildren)
                mutants += evaluated.prefix(newMutants.count).filter(\.feasible)
                children += evaluated.dropFirst(newMutants.count).filter(\.feasible)
            }
            current = (parents + mutants + children).rankedByScore(maximize: maximize)
            try report(context, budget, generation: generation, best: current[0])
        }
        // The final population without repeats (evolution converges to copies of its best).
        var seen = Set<String>()
        return current.map(\.architecture).filter { seen.insert($0).inserted }
    }

    /// Feasible samples until the population is full, in at most `max_tries` extra rounds; an
    /// empty result means the constraints rejected every sample.
    private func firstPopulation(_ budget: EvaluationBudget) throws -> [Candidate] {
        var found: [Candidate] = []
        var tries = 0
        while found.count < population && tries <= maxTries && budget.remaining > 0 {
            tries += 1
            found += try budget.sampleAndEvaluate(population - found.count).filter(\.feasible)
        }
        return found
    }

    private func report(_ context: SearchContext, _ budget: EvaluationBudget, generation: Int, best: Candidate) throws {
        let fraction = generations == 0 ? 1 : Double(generation) / Double(generations)
        try context.report(
            min(1, max(fraction, Double(budget.used) / Double(max(budget.maxEvaluations, 1)))),
            "generation \(generation)/\(generations): best \(context.objectiveNames[0]) \(format(best.objectives[0])), \(budget.used) evaluated"
        )
    }
}
