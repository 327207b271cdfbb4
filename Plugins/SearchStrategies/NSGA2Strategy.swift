import LatKitPluginKit

/// `nsga2`: the multi-objective genetic algorithm of Deb et al. 2002 over all objectives of the
/// pipeline (e.g. accuracy up, latency down), returning the feasible Pareto front.
///
/// Each generation makes `population` offspring: parents by binary tournament on the
/// crowded-comparison operator, uniform crossover through the host (with probability
/// `crossover_probability`, else a copy of the first parent), then mutation; the offspring go to
/// the host in one `evaluate` call. Parents and offspring together are sorted into
/// non-dominated fronts (constrained domination: feasible before infeasible) and the next
/// population is filled front by front, the last front by crowding distance.
final class NSGA2Strategy: SearchStrategyPlugin {
    static let name = "nsga2"
    static let version = "1.0.0"
    static let summary = "NSGA-II (Deb et al. 2002): the Pareto front of all objectives, with crowding distance"
    static let optionsHelp = """
        population=100             architectures per generation
        generations=100            generations after the first population
        crossover_probability=0.9  probability that an offspring comes from crossover
        mutation_probability=0.1   per-gene mutation probability
        resolution_probability=0.5 mutation probability of the input resolution
        """

    let population: Int
    let generations: Int
    let crossoverProbability: Double
    let mutationProbability: Double
    let resolutionProbability: Double

    init(options: PluginOptions) throws {
        population = try options.int("population", default: 100, in: 2...1_000_000)
        generations = try options.int("generations", default: 100, in: 0...10_000_000)
        crossoverProbability = try options.double("crossover_probability", default: 0.9, in: 0.0...1.0)
        mutationProbability = try options.double("mutation_probability", default: 0.1, in: 0.0...1.0)
        resolutionProbability = try options.double("resolution_probability", default: 0.5, in: 0.0...1.0)
    }

    func run(context: SearchContext, seed: UInt64, maxEvaluations: Int) throws -> [String] {
        let budget = EvaluationBudget(context: context, seed: seed, maxEvaluations: maxEvaluations)
        let maximize = context.maximize
        var current = try budget.sampleAndEvaluate(population)
        guard !current.isEmpty else { throw Infeasibility.none(evaluated: budget.used) }
        var ranking = ParetoRanking(current, maximize: maximize)
        try report(context, budget, generation: 0, ranking: ranking, current: current)

        var generation = 0
        while generation < generations && budget.remaining > 0 {
            generation += 1
            let tournament = { () -> Candidate in
                let a = budget.random.int(below: current.count)
                let b = budget.random.int(below: current.count)
                return current[ranking.better(b, than: a) ? b : a]
            }
            let pairs = (0..<min(population, budget.remaining)).map { _ in (tournament(), tournament()) }
            let crossed = pairs.map { _ in budget.random.double() < crossoverProbability }
            let crossIndices = crossed.indices.filter { crossed[$0] }
            let children = try context.crossover(
                crossIndices.map { pairs[$0].0.architecture }, crossIndices.map { pairs[$0].1.architecture }, seed: budget.nextSeed())
            var offspring = pairs.map(\.0.architecture)
            for (slot, child) in zip(crossIndices, children) { offspring[slot] = child }
            offspring = try context.mutate(
                offspring, seed: budget.nextSeed(), mutationProbability: mutationProbability, resolutionProbability: resolutionProbability)
            let combined = current + (try budget.evaluate(offspring))
            current = select(combined, maximize: maximize)
            ranking = ParetoRanking(current, maximize: maximize)
            try report(context, budget, generation: generation, ranking: ranking, current: current)
        }
        // The feasible first front, without repeats, best first by the first objective.
        var seen = Set<String>()
        let front = (ranking.fronts.first ?? []).map { current[$0] }.filter { $0.feasible && seen.insert($0.architecture).inserted }
        guard !front.isEmpty else { throw Infeasibility.none(evaluated: budget.used) }
        return front.rankedByScore(maximize: maximize).map(\.architecture)
    }

    /// The next population: whole fronts while they fit, then the least crowded of the next one.
    private func select(_ combined: [Candidate], maximize: [Bool]) -> [Candidate] {
        let ranking = ParetoRanking(combined, maximize: maximize)
        var chosen: [Int] = []
        for front in ranking.fronts {
            if chosen.count + front.count <= population {
                chosen += front
            } else {
                let byCrowding = front.sorted {
                    ranking.crowding[$0] != ranking.crowding[$1] ? ranking.crowding[$0] > ranking.crowding[$1] : $0 < $1
                }
                chosen += byCrowding.prefix(population - chosen.count)
            }
            if chosen.count >= population { break }
        }
        return chosen.map { combined[$0] }
    }

    private func report(_ context: SearchContext, _ budget: EvaluationBudget, generation: Int, ranking: ParetoRanking, current: [Candidate])
        throws
    {
        let front = (ranking.fronts.first ?? []).filter { current[$0].feasible }
        let fraction = generations == 0 ? 1 : Double(generation) / Double(generations)
        try context.report(
            min(1, max(fraction, Double(budget.used) / Double(max(budget.maxEvaluations, 1)))),
            "generation \(generation)/\(generations): \(front.count) on the feasible front, \(budget.used) evaluated")
    }
}
