import LatKitPluginABI

/// The host side of a `latkit_search_context`: forwards a strategy's calls to a `SearchProblem`,
/// counts evaluations against the budget and keeps the first error a call met, so the host can
/// report its own error when the strategy passes it on.
final class SearchContextBridge {
    let problem: SearchProblem
    let maxEvaluations: Int
    /// Architectures passed to `evaluate` so far.
    private(set) var evaluated = 0
    /// Number of `evaluate` calls so far.
    private(set) var evaluateCalls = 0
    /// The first error a context call returned to the strategy.
    private(set) var firstError: Error?

    init(problem: SearchProblem, maxEvaluations: Int) {
        self.problem = problem
        self.maxEvaluations = maxEvaluations
    }

    /// Calls `body` with a context valid for its duration.
    func withContext<R>(progress: UnsafePointer<latkit_progress>?, _ body: (UnsafePointer<latkit_search_context>) throws -> R) rethrows
        -> R
    {
        let names = CStringArray(problem.objectives.map(\.name))
        let directions = problem.objectives.map { UInt32($0.maximize ? LATKIT_MAXIMIZE : LATKIT_MINIMIZE) }
        return try withExtendedLifetime(names) {
            try directions.withUnsafeBufferPointer { directionBuffer in
                var context = latkit_search_context(
                    struct_size: UInt32(MemoryLayout<latkit_search_context>.size), objective_count: UInt32(directions.count),
                    objective_names: names.base, directions: directionBuffer.baseAddress,
                    context: Unmanaged.passUnretained(self).toOpaque(), sample: contextSample, mutate: contextMutate,
                    crossover: contextCrossover, evaluate: contextEvaluate, progress: progress)
                return try withExtendedLifetime(self) { try body(&context) }
            }
        }
    }

    /// Runs one context call: a thrown error becomes a status and a message for the strategy.
    fileprivate func guarded(_ buffer: UnsafeMutablePointer<latkit_error>?, _ body: () throws -> Void) -> latkit_status {
        do {
            try body()
            return latkit_status(LATKIT_OK)
        } catch {
            if firstError == nil { firstError = error }
            if let message = buffer?.pointee.message, let capacity = buffer?.pointee.capacity, capacity > 0 {
                let bytes = Array("\(error)".utf8.prefix(Int(capacity) - 1)).map { $0 == 0x0A ? 0x20 : $0 }
                for (offset, byte) in bytes.enumerated() { message[offset] = CChar(bitPattern: byte) }
                message[bytes.count] = 0
            }
            return Self.status(for: error)
        }
    }

    /// The status a strategy receives for a context call that failed with `error`: a plugin's
    /// status (or, in a strategy's worker, the host's) as it was, any other error
    /// `LATKIT_ERR_INVALID_ARGUMENT`, and never OK. Isolated strategies get the same.
    static func status(for error: Error) -> latkit_status {
        let status = (error as? PluginCallError)?.status ?? (error as? HostCallError)?.status ?? Int32(LATKIT_ERR_INVALID_ARGUMENT)
        return status == LATKIT_OK ? latkit_status(LATKIT_ERR_INTERNAL) : status
    }

    fileprivate func evaluate(
        _ architectures: [String], _ objectives: UnsafeMutablePointer<Double>, _ feasible: UnsafeMutablePointer<UInt8>
    )
        throws
    {
        guard evaluated + architectures.count <= maxEvaluations else {
            throw SearchBudgetError(maxEvaluations: maxEvaluations, evaluated: evaluated, asked: architectures.count)
        }
        evaluated += architectures.count
        evaluateCalls += 1
        let results = try problem.evaluate(architectures)
        let columns = problem.objectives.count
        for (row, result) in results.enumerated() {
            for column in 0..<columns { objectives[row * columns + column] = result.objectives[column] }
            feasible[row] = result.feasible ? 1 : 0
        }
    }
}

/// A strategy asked for more evaluations than its budget.
struct SearchBudgetError: Error, CustomStringConvertible {
    var maxEvaluations: Int
    var evaluated: Int
    var asked: Int
    var description: String {
        "evaluation budget exceeded: \(asked) more asked after \(evaluated) of \(maxEvaluations)"
    }
}

private func bridge(_ context: UnsafeMutableRawPointer?) -> SearchContextBridge {
    Unmanaged<SearchContextBridge>.fromOpaque(context!).takeUnretainedValue()
}

/// Writes `texts` as items 0..n-1 of the strategy's sink.
private func put(_ texts: [String], to sink: UnsafePointer<latkit_sink>?) throws {
    guard let sink, let put = sink.pointee.put else { throw ContextCallError("no output sink given") }
    for (index, text) in texts.enumerated() {
        var text = text
        let status = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { put(sink.pointee.context, UInt64(index), $0.baseAddress, UInt64($0.count), 0) }
        }
        guard status == LATKIT_OK else { throw ContextCallError("the strategy's sink refused item \(index) (status \(status))") }
    }
}

private func strings(_ pointer: UnsafePointer<UnsafePointer<CChar>?>?, _ count: UInt64) throws -> [String] {
    guard count > 0 else { return [] }
    guard let pointer else { throw ContextCallError("no architecture strings given for \(count) rows") }
    return try (0..<Int(count)).map { index in
        guard let item = pointer[index] else { throw ContextCallError("architecture \(index) is NULL") }
        return String(cString: item)
    }
}

/// A malformed call on the search context.
struct ContextCallError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

private let contextSample:
    @convention(c) (UnsafeMutableRawPointer?, UInt64, UInt64, UnsafePointer<latkit_sink>?, UnsafeMutablePointer<latkit_error>?) ->
        latkit_status = { context, seed, count, out, error in
            let host = bridge(context)
            return host.guarded(error) { try put(try host.problem.sample(count: Int(count), seed: seed), to: out) }
        }

private let contextMutate:
    @convention(c) (
        UnsafeMutableRawPointer?, UInt64, UnsafePointer<latkit_variation>?, UInt64, UnsafePointer<UnsafePointer<CChar>?>?,
        UnsafePointer<latkit_sink>?, UnsafeMutablePointer<latkit_error>?
    ) -> latkit_status = { context, seed, variation, count, parents, out, error in
        let host = bridge(context)
        return host.guarded(error) {
            guard let variation else { throw ContextCallError("mutate needs variation parameters") }
            let mutants = try host.problem.mutate(
                try strings(parents, count), seed: seed, mutationProbability: variation.pointee.mutation_probability,
                resolutionProbability: variation.pointee.resolution_probability)
            try put(mutants, to: out)
        }
    }

private let contextCrossover:
    @convention(c) (
        UnsafeMutableRawPointer?, UInt64, UInt64, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?,
        UnsafePointer<latkit_sink>?, UnsafeMutablePointer<latkit_error>?
    ) -> latkit_status = { context, seed, count, first, second, out, error in
        let host = bridge(context)
        return host.guarded(error) {
            try put(try host.problem.crossover(try strings(first, count), try strings(second, count), seed: seed), to: out)
        }
    }

private let contextEvaluate:
    @convention(c) (
        UnsafeMutableRawPointer?, UInt64, UnsafePointer<UnsafePointer<CChar>?>?, UnsafeMutablePointer<Double>?,
        UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<latkit_error>?
    ) -> latkit_status = { context, count, architectures, objectives, feasible, error in
        let host = bridge(context)
        return host.guarded(error) {
            guard count == 0 || (objectives != nil && feasible != nil) else { throw ContextCallError("evaluate needs output arrays") }
            guard count > 0 else { return }
            try host.evaluate(try strings(architectures, count), objectives!, feasible!)
        }
    }
