import Foundation

@testable import LatKit

/// Where tests find the repository, its shipped data, and the plugins SwiftPM built.
enum TestPaths {
    /// The repository root (two folders above this file's folder).
    static let repository: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The project's shipped data folder.
    static let data = repository + "/data"

    /// The folder SwiftPM builds products into: the test binary's own folder, where `swift test`
    /// has already built every dynamic plugin product.
    static let builtProducts: String = {
        let executable = PluginDiscovery.runningExecutable() ?? CommandLine.arguments[0]
        // The test binary is `<bin>/X.xctest` (a file on Linux, a bundle holding it on Darwin).
        var url = URL(fileURLWithPath: executable)
        while url.path.contains(".xctest") { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The built plugin library `liblatkit_<product>.so`.
    static func plugin(_ product: String) -> String {
        builtProducts + "/liblatkit_\(product).so"
    }

    /// A catalog holding just the given built plugin libraries.
    static func catalog(_ products: String...) throws -> PluginCatalog {
        let catalog = PluginCatalog()
        for product in products { try catalog.load(file: plugin(product)) }
        return catalog
    }
}
