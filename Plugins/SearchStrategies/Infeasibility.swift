import LatKitPluginKit

/// The error a strategy returns when the constraints reject every architecture it tried.
enum Infeasibility {
    /// No architecture among `evaluated` met the constraints.
    static func none(evaluated: Int) -> PluginError {
        PluginError.invalid(
            "no architecture among the \(evaluated) evaluated meets the constraints; they look unreachable in this space "
                + "(e.g. a latency limit below the smallest network's latency)")
    }
}
