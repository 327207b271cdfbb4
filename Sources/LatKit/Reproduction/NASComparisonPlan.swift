/// What the NAS section of `latkit reproduce` runs: latency-constrained searches on Note10 (OFA
/// w1.2 at the paper's resolutions, the lookup table as the truth) with the lookup table, with
/// `mlp` models trained on the paper's Note10 rows, with and without `"margin": "auto"`, random
/// search as the floor, and an NSGA-II Pareto front on the same problem.
public struct NASComparisonPlan: Sendable {
    /// The Note10 lookup table (CSV covering every resolution searched).
    public var lookupTable: String
    /// The paper's latency rows (column `note10_lut_ms`) the learned models train on.
    public var latencyRows: String
    /// OFA's accuracy predictor weights.
    public var accuracyWeights: String
    /// Latency limits, ms.
    public var limits: [Double]
    /// Training rows of each learned model: the first N of the paper split's training rows
    /// (shuffled with the seed); 7,000 is all of them.
    public var trainingRows: [Int]
    /// Evaluations per search (evolution and random alike).
    public var budget: Int
    /// NSGA-II generations (population 100). The standard plan gives the one NSGA-II run the
    /// evaluations of all the single-constraint evolution runs together (limits x budget), so
    /// that its front is compared with them at the same total cost.
    public var frontGenerations: Int
    /// Seed of the training and the searches.
    public var seed: UInt64
    /// More draws of the smallest model's training rows (seeds 1, 2, ...), each searched at every
    /// limit with `margin: auto`: how often the margin fails over many draws, not one.
    public var extraDraws: Int = 0

    /// The plan on the shipped data in `dataFolder`; `quick` runs one limit with a small budget.
    public static func standard(dataFolder: String, quick: Bool) -> NASComparisonPlan {
        let paper = dataFolder + "/ofanas_paper/"
        let limits: [Double] = quick ? [25] : [15, 20, 25, 30, 35]
        // 4,000 evaluations a search (10,000 before): room in reproduce's ten minutes for the real-latency section.
        let budget = quick ? 3_000 : 4_000
        return NASComparisonPlan(
            lookupTable: paper + "note10_lut_all_resolutions.csv", latencyRows: paper + "ofa_paper_latency.csv",
            accuracyWeights: dataFolder + "/models/ofa_accuracy_predictor/weights.f32", limits: limits, trainingRows: [7000, 100],
            budget: budget, frontGenerations: limits.count * budget / 100 - 1, seed: 0, extraDraws: quick ? 0 : 8)
    }
}
