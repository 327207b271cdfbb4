import Foundation
import XCTest

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

    /// The built `latkit` executable (the worker isolated plugins run in); skips the test when
    /// there is none.
    static func latkitExecutable() throws -> String {
        let path = builtProducts + "/latkit"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw XCTSkip("no built latkit executable at \(path)") }
        return path
    }

    /// `pipelines/note10_lut_evolution.json` with its data paths made absolute and its strategy
    /// replaced by `strategy` (an object's JSON text), written to `folder/p.json`; returns the path.
    static func note10Pipeline(strategy: String, in folder: String) throws -> String {
        var text = try String(contentsOfFile: repository + "/pipelines/note10_lut_evolution.json", encoding: .utf8)
        text = text.replacingOccurrences(of: "\"../data/", with: "\"\(data)/")
        let original = "{ \"name\": \"evolution\", \"options\": { \"population\": 100, \"generations\": 500 } }"
        guard text.contains(original) else {
            throw FixtureError(description: "the Note10 pipeline no longer names its strategy as expected")
        }
        text = text.replacingOccurrences(of: original, with: strategy)
        try text.write(toFile: folder + "/p.json", atomically: true, encoding: .utf8)
        return folder + "/p.json"
    }
}
