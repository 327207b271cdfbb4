import LatKitLearning
import LatKitPluginABI
import LatKitPluginKit

// Immutable after it is built, read by the entry point from any thread.
nonisolated(unsafe) private let library = exportLibrary(
    name: "latkit-mlp",
    plugins: [
        .estimator(MLPEstimator.self), .estimator(FinetuneEstimator.self), .accuracyPredictor(MLPAccuracyPredictor.self),
    ])

/// The library's entry point (see SDK/include/latkit_plugin.h).
@_cdecl("latkit_plugin_entry")
public func latkitPluginEntry() -> UnsafePointer<latkit_library> { library }
