/// What the NAS section of a reproduction measured.
public struct NASComparisonResults: Codable, Sendable {
    /// The best network one search found.
    public struct Search: Codable, Sendable {
        /// Latency limit, ms.
        public var limit: Double
        /// What the constraint was evaluated with, e.g. "lookup table" or "mlp, 100 rows".
        public var latencyModel: String
        /// "evolution" or "random".
        public var strategy: String
        /// Whether the constraint used `margin: auto` (90%).
        public var marginAuto: Bool
        /// The best network's predicted top-1, percent.
        public var top1: Double
        /// Its latency as the search's model predicted it, ms.
        public var predictedMs: Double
        /// Its latency by the lookup table (the truth), ms.
        public var trueMs: Double
        /// Architectures evaluated.
        public var evaluations: Int
        /// Wall time, seconds.
        public var seconds: Double
        /// Whether the true latency breaks the limit.
        public var violates: Bool { trueMs > limit }
        /// Whether the model priced the network below its true latency.
        public var underestimated: Bool { trueMs > predictedMs }
    }

    /// One network of the NSGA-II front.
    public struct FrontPoint: Codable, Sendable {
        /// Predicted top-1, percent.
        public var top1: Double
        /// Lookup-table latency, ms.
        public var latencyMs: Double
    }

    /// Every search, limit by limit.
    public var searches: [Search]
    /// The NSGA-II front (accuracy up, lookup-table latency down, at most the largest limit).
    public var front: [FrontPoint]
    /// Test RMSE (rows 8500-9999) of each learned model against the lookup table, by label.
    public var modelRMSE: [String: Double]
    /// Evaluations per search.
    public var budget: Int
    /// The searches with `margin: auto` of the smallest model trained on other draws of its rows
    /// (`latencyModel` names the draw), at every limit.
    public var redraws: [Search] = []
    /// Of those, the searches that found no network meeting the constraint with its margin.
    public var redrawsUnreachable: Int = 0
    /// How many more draws were made (seeds 1 to this).
    public var redrawCount: Int = 0

    /// The search of `latencyModel` and `strategy` at `limit`.
    public func search(_ latencyModel: String, limit: Double, marginAuto: Bool = false, strategy: String = "evolution") -> Search? {
        searches.first { $0.latencyModel == latencyModel && $0.limit == limit && $0.marginAuto == marginAuto && $0.strategy == strategy }
    }

    /// The front's best top-1 within `limit`.
    public func frontTop1(within limit: Double) -> Double? {
        front.filter { $0.latencyMs <= limit }.map(\.top1).max()
    }
}
