import LatKitPluginABI

/// What a running search strategy may ask of the host: sample, vary and evaluate architectures.
///
/// Wraps the `latkit_search_context` the host passes to `run`. Every call is batched and valid
/// only during `run`, on the calling thread. A failed host call throws a `PluginError` with the
/// host's status and message: rethrow it (do not swallow it) so the host sees its own error.
public struct SearchContext {
    let raw: UnsafePointer<latkit_search_context>
    /// Names of the objective columns, e.g. ["accuracy", "latency_ms"].
    public let objectiveNames: [String]
    /// Per objective: true when larger is better (`LATKIT_MAXIMIZE`).
    public let maximize: [Bool]

    init(_ context: UnsafePointer<latkit_search_context>?) throws {
        guard let context else { throw PluginError.invalid("no search context given") }
        guard context.pointee.struct_size >= UInt32(MemoryLayout<latkit_search_context>.size) else {
            throw PluginError.incompatible(
                "the host's search context is \(context.pointee.struct_size) bytes, older than this plugin reads")
        }
        let count = Int(context.pointee.objective_count)
        guard count > 0, let names = context.pointee.objective_names, let directions = context.pointee.directions else {
            throw PluginError.invalid("the search context has no objectives")
        }
        raw = context
        objectiveNames = (0..<count).map { names[$0].map { String(cString: $0) } ?? "objective \($0)" }
        maximize = (0..<count).map { directions[$0] == UInt32(LATKIT_MAXIMIZE) }
    }

    /// Number of objective columns.
    public var objectiveCount: Int { maximize.count }

    /// `count` architectures drawn uniformly with `seed`. Corresponds to `sample`.
    public func sample(seed: UInt64, count: Int) throws -> [String] {
        guard count > 0 else { return [] }
        let call = raw.pointee.sample!
        return try collect(count, "sample") { sink, error in call(raw.pointee.context, seed, UInt64(count), sink, error) }
    }

    /// One mutant per parent (per-gene and resolution probabilities as in OFA). Corresponds to `mutate`.
    public func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        guard !parents.isEmpty else { return [] }
        let call = raw.pointee.mutate!
        var variation = latkit_variation(
            struct_size: UInt32(MemoryLayout<latkit_variation>.size), reserved: 0, mutation_probability: mutationProbability,
            resolution_probability: resolutionProbability)
        return try CStrings(parents).with { archs in
            try collect(parents.count, "mutate") { sink, error in
                call(raw.pointee.context, seed, &variation, UInt64(parents.count), archs, sink, error)
            }
        }
    }

    /// One child per pair (first[i], second[i]) by uniform crossover. Corresponds to `crossover`.
    public func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
        guard first.count == second.count else { throw PluginError.invalid("crossover needs as many second parents as first") }
        guard !first.isEmpty else { return [] }
        let call = raw.pointee.crossover!
        return try CStrings(first).with { a in
            try CStrings(second).with { b in
                try collect(first.count, "crossover") { sink, error in
                    call(raw.pointee.context, seed, UInt64(first.count), a, b, sink, error)
                }
            }
        }
    }

    /// Evaluates a batch in one host call: the objectives of each architecture (in
    /// `objectiveNames` order) and whether every constraint holds. Each architecture counts
    /// against the run's `maxEvaluations`. Corresponds to `evaluate`.
    public func evaluate(_ architectures: [String]) throws -> [Evaluation] {
        guard !architectures.isEmpty else { return [] }
        let call = raw.pointee.evaluate!
        let columns = objectiveCount
        var objectives = [Double](repeating: .nan, count: architectures.count * columns)
        var feasible = [UInt8](repeating: 0, count: architectures.count)
        try CStrings(architectures).with { archs in
            try hostCall("evaluate") { error in
                call(raw.pointee.context, UInt64(architectures.count), archs, &objectives, &feasible, error)
            }
        }
        return (0..<architectures.count).map { row in
            Evaluation(objectives: Array(objectives[(row * columns)..<((row + 1) * columns)]), feasible: feasible[row] != 0)
        }
    }

    /// Reports progress to the host; throws `PluginError.cancelled` when it asks to stop.
    public func report(_ fraction: Double, _ message: String? = nil) throws {
        try ProgressReporter(raw.pointee.progress).report(fraction, message)
    }

    private func collect(
        _ count: Int, _ function: String,
        _ body: (UnsafePointer<latkit_sink>, UnsafeMutablePointer<latkit_error>) -> latkit_status
    ) throws -> [String] {
        let collector = TextItems(count: count)
        try hostCall(function) { error in collector.withSink { body($0, error) } }
        guard let missing = collector.firstMissing else { return collector.texts }
        throw PluginError(Int32(LATKIT_ERR_INTERNAL), "the host's \(function) wrote no item \(missing) of \(count)")
    }
}

/// The host's verdict on one architecture.
public struct Evaluation: Equatable {
    /// One value per objective, in the context's order.
    public var objectives: [Double]
    /// True when every constraint of the pipeline holds.
    public var feasible: Bool

    /// Creates an evaluation.
    public init(objectives: [Double], feasible: Bool) {
        self.objectives = objectives
        self.feasible = feasible
    }
}

/// Runs a host call with an error buffer and throws the host's status and message on failure.
private func hostCall(_ function: String, _ body: (UnsafeMutablePointer<latkit_error>) -> latkit_status) throws {
    var storage = [CChar](repeating: 0, count: 1024)
    let status = storage.withUnsafeMutableBufferPointer { buffer -> latkit_status in
        var error = latkit_error(message: buffer.baseAddress, capacity: UInt32(buffer.count), reserved: 0)
        return body(&error)
    }
    guard status == LATKIT_OK else {
        storage[storage.count - 1] = 0
        let message = String(decoding: storage.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw PluginError(status, message.isEmpty ? "the host's \(function) failed (status \(status))" : message)
    }
}
