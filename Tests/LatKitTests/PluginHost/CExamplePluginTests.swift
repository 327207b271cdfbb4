import Foundation
import XCTest

@testable import LatKit

/// The plain-C SDK example, built with `cc` outside SwiftPM, loaded and checked like any plugin.
final class CExamplePluginTests: XCTestCase {
    func testBuildsWithCCAndPassesTheConformanceSuite() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder)
        ExampleEstimatorChecks.assertPassesConformance(library: path, plugin: "example-c-linear", folder: folder)
    }

    func testPluginErrorsBecomeTypedErrors() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = PluginCatalog()
        try catalog.load(file: try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder))
        let estimator = try catalog.estimator("example-c-linear")
        // A batch lacking the view the estimator declared is refused by the host before the call.
        XCTAssertThrowsError(try estimator.predict(ArchitectureBatch(searchSpace: "any", count: 2))) { error in
            XCTAssertTrue("\(error)".contains("lacks the views cost"), "\(error)")
        }
        try ExampleEstimatorChecks.assertFitsAndRefusesPredictBeforeFit(catalog, plugin: "example-c-linear")
    }
}
