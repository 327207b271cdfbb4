/// A NAS pipeline as a pipeline file describes it: a search space, named evaluators, objectives
/// and constraints built from them, a strategy, a budget and a seed. Read one with
/// `PipelineFile.read(path:)`; run it with `SearchPipeline`.
public struct Pipeline: Equatable, Sendable {
    /// The pipeline file (for messages); relative paths in it were resolved against its folder.
    public var file: String
    /// Search-space plugin name and its options.
    public var space: String
    /// Options for the search space.
    public var spaceOptions: [String: String]
    /// The file's `space.isolate`: true or false replaces the automatic choice of whether the
    /// space runs in a child process; nil leaves it.
    public var isolateSpace: Bool?
    /// The named evaluators, sorted by name.
    public var evaluators: [EvaluatorSpec]
    /// The objectives, in file order: evaluator name and direction.
    public var objectives: [SearchObjective]
    /// The constraints, in file order (with `constraintPaths` naming each in the file).
    public var constraints: [SearchConstraint]
    /// The JSON path of each constraint, e.g. `constraints[1]`.
    public var constraintPaths: [String]
    /// Strategy plugin name or library path.
    public var strategy: String
    /// Options for the strategy.
    public var strategyOptions: [String: String]
    /// The file's `strategy.isolate`, as `isolateSpace` is for the space.
    public var isolateStrategy: Bool?
    /// The most architectures the strategy may evaluate.
    public var budget: Int
    /// The run's seed.
    public var seed: UInt64
    /// How many of the result architectures to print.
    public var top: Int
    /// Where `latkit search` writes its CSV and chart when `--out` is not given; nil for nowhere.
    public var outputDirectory: String?
}

/// One named evaluator of a pipeline file.
public struct EvaluatorSpec: Equatable, Sendable {
    /// The key under `evaluators`.
    public var name: String
    /// What it computes.
    public var kind: EvaluatorKind
    /// The JSON path of its object, e.g. `evaluators.note10`.
    public var path: String
    /// Plugin name or `.so` path (latency and accuracy evaluators without a model file).
    public var estimator: String?
    /// Options for the plugin's `create`.
    public var options: [String: String]
    /// A model file written by `latkit train` (instead of `estimator`).
    public var model: String?
    /// A measurement store (`latkit profile --db`): the estimator is fitted on its measured
    /// networks of the pipeline's space when the pipeline loads, filtered by `device` and `batchSize`.
    public var store: String? = nil
    /// With `store`: only this device's measurements.
    public var device: String? = nil
    /// With `store`: only this batch size's measurements.
    public var batchSize: Int? = nil
    /// `"isolate"`: run the plugin in a child process (true) or in-process (false) whatever the
    /// automatic default says; nil keeps the default. `--isolate` / `--no-isolate` win over it.
    public var isolate: Bool? = nil
    /// A user function's shared library, symbol, signature and input evaluators.
    public var library: String?
    /// The function's exported name.
    public var symbol: String?
    /// The function's signature, e.g. `d(d,d)`.
    public var signature: String?
    /// The evaluators whose values are the function's arguments, in order.
    public var inputs: [String]
}
