import LatKitPluginABI

/// The five kinds of plugin the ABI defines, each with its own function table.
public enum PluginKind: UInt32, CaseIterable, Sendable {
    case searchSpace = 1
    case estimator = 2
    case searchStrategy = 3
    case accuracyPredictor = 4
    case profiler = 5

    /// The name used on the command line and in listings.
    public var label: String {
        switch self {
        case .searchSpace: return "search-space"
        case .estimator: return "estimator"
        case .searchStrategy: return "search-strategy"
        case .accuracyPredictor: return "accuracy-predictor"
        case .profiler: return "profiler"
        }
    }

    /// The v1 size of this kind's function table: the least a plugin's table may declare.
    var minimumTableSize: Int {
        switch self {
        case .searchSpace: return MemoryLayout<latkit_search_space_api>.size
        case .estimator, .accuracyPredictor: return MemoryLayout<latkit_estimator_api>.size
        case .searchStrategy: return MemoryLayout<latkit_search_strategy_api>.size
        case .profiler: return MemoryLayout<latkit_profiler_api>.size
        }
    }
}
