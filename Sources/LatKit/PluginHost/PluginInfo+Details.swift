import Foundation
import LatKitPluginABI

/// One option a plugin's `create` accepts, as its `options_help` states it.
public struct PluginOptionHelp: Sendable, Codable, Equatable {
    /// The key, e.g. "hidden".
    public var name: String
    /// The default, as text ("" when the plugin states none).
    public var defaultValue: String
    /// What it means.
    public var meaning: String
}

extension PluginInfo {
    /// The options stated in `optionsHelp`: one `key=default  meaning` per line. A line without
    /// `=` before its first space continues the previous option's meaning.
    public var options: [PluginOptionHelp] {
        var options: [PluginOptionHelp] = []
        for line in optionsHelp.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let head = text.prefix(while: { $0 != " " })
            if let equals = head.firstIndex(of: "=") {
                let meaning = text.dropFirst(head.count).trimmingCharacters(in: .whitespaces)
                options.append(
                    PluginOptionHelp(
                        name: String(head[..<equals]), defaultValue: String(head[head.index(after: equals)...]), meaning: meaning))
            } else if !options.isEmpty {
                options[options.count - 1].meaning += " " + text
            }
        }
        return options
    }

    /// The batch views the plugin asks for (estimators, accuracy predictors and profilers).
    public var views: BatchViews? {
        switch kind {
        case .estimator, .accuracyPredictor: return BatchViews(rawValue: table(as: latkit_estimator_api.self).views)
        case .profiler: return BatchViews(rawValue: table(as: latkit_profiler_api.self).views)
        case .searchSpace, .searchStrategy: return nil
        }
    }

    /// What an estimator can do beyond predicting.
    public var capabilities: EstimatorCapabilities? {
        switch kind {
        case .estimator, .accuracyPredictor: return EstimatorCapabilities(rawValue: table(as: latkit_estimator_api.self).capabilities)
        case .searchSpace, .searchStrategy, .profiler: return nil
        }
    }
}
