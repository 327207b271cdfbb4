import LatKitPluginABI

/// A search strategy: explores a search space through the host's `SearchContext` and returns
/// the architectures it found.
///
/// Implement this and register it with `PluginRegistration.searchStrategy(_:)`. A strategy never
/// calls other plugins: the host samples, varies and evaluates for it, one batch per call.
public protocol SearchStrategyPlugin: PluginIdentity {
    /// Runs one search.
    ///
    /// - Parameters:
    ///   - context: the host's search context (valid only during this call).
    ///   - seed: the run's seed; the same seed must give the same result.
    ///   - maxEvaluations: the most architectures the run may pass to `context.evaluate`, in all.
    /// - Returns: canonical architectures, the best first (or a Pareto front).
    /// - Throws: `PluginError`, or the error of a failed context call, rethrown.
    ///
    /// Corresponds to `latkit_search_strategy_api.run`.
    func run(context: SearchContext, seed: UInt64, maxEvaluations: Int) throws -> [String]
}

/// The strategy instance behind a handle made by `createThunk`.
private func plugin(_ handle: OpaquePointer?) -> SearchStrategyPlugin {
    Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle!)).takeUnretainedValue() as! SearchStrategyPlugin
}

enum SearchStrategyThunks {
    static func table() -> latkit_search_strategy_api {
        var table = latkit_search_strategy_api()
        table.header = header(MemoryLayout<latkit_search_strategy_api>.size)
        table.create = createThunk
        table.destroy = destroyThunk
        table.run = { handle, context, seed, maxEvaluations, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                let found = try plugin(handle).run(
                    context: try SearchContext(context), seed: seed, maxEvaluations: Int(clamping: maxEvaluations))
                for (index, architecture) in found.enumerated() { try sink.put(architecture, index: index) }
            }
        }
        return table
    }
}
