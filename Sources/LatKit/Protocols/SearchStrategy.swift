/// A search strategy (evolution, random search, NSGA-II, ...): explores a `SearchProblem` within
/// a budget of evaluations and returns what it found.
public protocol SearchStrategy: AnyObject {
    /// The plugin's name, e.g. "evolution".
    var name: String { get }
    /// The plugin's version.
    var version: String { get }
    /// Runs one search.
    ///
    /// - Parameters:
    ///   - problem: what to sample, vary and evaluate.
    ///   - seed: the same seed gives the same result.
    ///   - maxEvaluations: the most architectures the strategy may evaluate, in all.
    ///   - progress: receives the strategy's progress messages (one per generation); may be nil.
    /// - Returns: canonical architectures, best first (or a Pareto front).
    /// - Throws: the problem's own error when a call on it failed, else a `PluginCallError`.
    func run(_ problem: SearchProblem, seed: UInt64, maxEvaluations: Int, progress: ProgressHandler?) throws -> [String]
}
