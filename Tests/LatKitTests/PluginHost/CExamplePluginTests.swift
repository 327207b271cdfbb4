import Foundation
import XCTest

@testable import LatKit

/// The plain-C SDK example, built with `cc` outside SwiftPM, loaded and checked like any plugin.
final class CExamplePluginTests: XCTestCase {
    func testBuildsWithCCAndPassesTheConformanceSuite() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder)
        let result = runCLI(["plugins", "check", path])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        XCTAssertTrue(result.out.contains("example-c-linear (estimator)"), result.out)
        XCTAssertTrue(result.out.contains("11 passed, 0 failed, 1 skipped"), result.out)

        let call = runCLI(["call", "example-c-linear", "add", "2", "3.5", "--plugin-path", folder])
        XCTAssertEqual(call.status, 0, call.err)
        XCTAssertEqual(call.out, "5.5\n")
    }

    func testPluginErrorsBecomeTypedErrors() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = PluginCatalog()
        try catalog.load(file: try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder))
        let estimator = try catalog.estimator("example-c-linear")
        let batch = ArchitectureBatch(searchSpace: "any", count: 2, costs: [Cost(macs: 1, params: 1), Cost(macs: 2, params: 1)])
        XCTAssertThrowsError(try estimator.predict(batch)) { error in
            XCTAssertEqual(
                error as? PluginCallError,
                PluginCallError(plugin: "example-c-linear", function: "predict", status: 3, message: "predict called before fit or load"))
        }
        // A batch lacking the view the estimator declared is refused by the host before the call.
        XCTAssertThrowsError(try estimator.predict(ArchitectureBatch(searchSpace: "any", count: 2))) { error in
            XCTAssertTrue("\(error)".contains("lacks the views cost"), "\(error)")
        }
        var train = batch
        train.targets = [3, 5]
        try estimator.fit(train: train, validation: nil, seed: 0, progress: nil)
        XCTAssertEqual(try estimator.predict(batch).mean, [3, 5])
    }
}
