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

    /// The ABI 1.0 size of this kind's function table: the least a plugin's table may declare.
    /// Members appended by later minors (from `export_models` on, for spaces) are optional.
    var minimumTableSize: Int {
        switch self {
        case .searchSpace: return MemoryLayout<latkit_search_space_api>.offset(of: \.export_models)!
        case .estimator, .accuracyPredictor: return MemoryLayout<latkit_estimator_api>.size
        case .searchStrategy: return MemoryLayout<latkit_search_strategy_api>.size
        case .profiler: return MemoryLayout<latkit_profiler_api>.size
        }
    }

    /// Names of the functions a table of this kind must provide but `table` leaves NULL.
    /// `create` and `destroy` are always required; estimator functions depend on the capabilities.
    func missingFunctions(in table: UnsafeRawPointer) -> [String] {
        var required: [(String, Bool)]
        switch self {
        case .searchSpace:
            let api = readTable(latkit_search_space_api.self, at: table)
            required = [
                ("create", api.create != nil), ("destroy", api.destroy != nil), ("describe", api.describe != nil),
                ("canonicalize", api.canonicalize != nil), ("from_fields", api.from_fields != nil), ("sample", api.sample != nil),
                ("mutate", api.mutate != nil), ("crossover", api.crossover != nil), ("encode", api.encode != nil),
                ("operators", api.operators != nil), ("cost", api.cost != nil),
            ]
        case .estimator, .accuracyPredictor:
            let api = readTable(latkit_estimator_api.self, at: table)
            let capabilities = EstimatorCapabilities(rawValue: api.capabilities)
            required = [("create", api.create != nil), ("destroy", api.destroy != nil), ("predict", api.predict != nil)]
            if capabilities.contains(.fit) { required.append(("fit", api.fit != nil)) }
            if capabilities.contains(.adapt) { required.append(("adapt", api.adapt != nil)) }
            if capabilities.contains(.save) { required += [("save", api.save != nil), ("load", api.load != nil)] }
        case .searchStrategy:
            let api = readTable(latkit_search_strategy_api.self, at: table)
            required = [("create", api.create != nil), ("destroy", api.destroy != nil), ("run", api.run != nil)]
        case .profiler:
            let api = readTable(latkit_profiler_api.self, at: table)
            required = [
                ("create", api.create != nil), ("destroy", api.destroy != nil), ("describe_device", api.describe_device != nil),
                ("measure", api.measure != nil),
            ]
        }
        return required.filter { !$0.1 }.map(\.0)
    }
}
