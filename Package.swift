// swift-tools-version:6.0
//
// LatencyKit: the `latkit` host (Sources/), its plugins (Plugins/, each a dynamic library loaded
// at run time), and the plugin SDK (SDK/: the C ABI header and a Swift helper).
import PackageDescription

/// Every plugin is its own `.library(type: .dynamic)` product named `latkit_<name>`, so that it
/// builds to `liblatkit_<name>.so`: the file-name rule the host's discovery follows.
struct PluginTarget {
    let product: String
    let folder: String
    var dependencies: [Target.Dependency] = []
    /// Files in the folder that are not sources (a plugin's README).
    var exclude: [String] = []
}

let plugins: [PluginTarget] = [
    PluginTarget(product: "latkit_example_swift", folder: "ExampleSwiftEstimator"),
    PluginTarget(product: "latkit_ofa", folder: "OFASpaces", dependencies: ["LatKitONNX", "LatKitRandom"], exclude: ["README.md"]),
    PluginTarget(product: "latkit_nasbench201", folder: "NASBench201Space", dependencies: ["LatKitRandom"]),
    PluginTarget(product: "latkit_fbnet", folder: "FBNetSpace", dependencies: ["LatKitRandom"]),
    PluginTarget(product: "latkit_lut", folder: "LUTEstimator", dependencies: ["LatKitNumerics"]),
    PluginTarget(product: "latkit_flops", folder: "FLOPsEstimator", dependencies: ["LatKitNumerics"]),
    PluginTarget(product: "latkit_mlp", folder: "MLPEstimator", dependencies: ["LatKitLearning", "LatKitNumerics", "LatKitRandom"]),
    PluginTarget(
        product: "latkit_transfer", folder: "DeviceTransfer", dependencies: ["LatKitLearning", "LatKitNumerics", "LatKitRandom"]),
    PluginTarget(product: "latkit_search", folder: "SearchStrategies", dependencies: ["LatKitRandom"]),
    PluginTarget(product: "latkit_onnxruntime", folder: "ONNXRuntimeProfiler", dependencies: ["LatKitONNXRuntime"]),
    PluginTarget(product: "latkit_external", folder: "ExternalProfiler"),
]

let package = Package(
    name: "LatencyKit",
    products: [
        .executable(name: "latkit", targets: ["latkit"]),
        .library(name: "LatKit", targets: ["LatKit"]),
    ]
        + plugins.map { .library(name: $0.product, type: .dynamic, targets: [$0.product]) },
    targets: [
        // The C ABI: one header, plus a .c file that freezes the v1 layout.
        .target(
            name: "LatKitPluginABI",
            path: "SDK",
            exclude: ["Swift", "examples", "PLUGIN_GUIDE.md"],
            sources: ["abi"],
            publicHeadersPath: "include"
        ),
        // Swift helper for plugin authors, linked statically into each Swift plugin.
        .target(
            name: "LatKitPluginKit",
            dependencies: ["LatKitPluginABI", "LatKitRandom"],
            path: "SDK/Swift/LatKitPluginKit"
        ),
        .systemLibrary(name: "CLibFFI", path: "Sources/CLibFFI", pkgConfig: "libffi"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
        // SQLite, the embedded store of measurements that must survive an interruption.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        // libpq: the PostgreSQL store and job queue many machines of a device farm share.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq"),
        // Float32 matrix work and least squares, shared by numeric plugins and the host's metrics.
        .target(name: "LatKitNumerics", dependencies: ["COpenBLAS", "LatKitRandom"]),
        // The latency learner estimator plugins share (linked into each): the additive ridge plus
        // residual MLP ensemble with calibrated std, the `mlp` default recipe and `hwgen`'s per-series model.
        .target(name: "LatKitLearning", dependencies: ["LatKitPluginKit", "LatKitNumerics", "LatKitRandom"]),
        // Deterministic seeded random numbers: the same seed gives the same draws on every machine.
        .target(name: "LatKitRandom"),
        // Writing (and reading back) ONNX models, so profilers can time real networks in an engine.
        .target(name: "LatKitONNX", dependencies: ["LatKitRandom"]),
        // The host: plugin loading, typed Swift wrappers of the C tables, data, metrics, models.
        .target(name: "LatKit", dependencies: ["LatKitPluginABI", "CLibFFI", "CSQLite", "CLibPQ", "LatKitNumerics", "LatKitRandom"]),
        // Real latency on this machine: ONNX Runtime's C API (dlopen'ed, see `make ort`) and the
        // measurement protocol. Glibc/Foundation only, so a profiler plugin can link it.
        .target(name: "LatKitONNXRuntime"),
        // The command-line interface, as a library so its parser and commands are testable.
        .target(name: "LatKitCLI", dependencies: ["LatKit"]),
        .executableTarget(name: "latkit", dependencies: ["LatKitCLI", "LatKitNumerics"]),
        .testTarget(
            name: "LatKitTests",
            dependencies: ["LatKit", "LatKitCLI", "LatKitNumerics", "LatKitONNX", "LatKitONNXRuntime", "LatKitRandom"]),
    ]
        + plugins.map {
            .target(
                name: $0.product,
                dependencies: ["LatKitPluginKit", "LatKitPluginABI"] + $0.dependencies,
                path: "Plugins/\($0.folder)",
                exclude: $0.exclude
            )
        },
    swiftLanguageModes: [.v6]
)
