import XCTest

@testable import LatKit

/// The Swift SDK example, loaded from its built `.so`, through the typed host API.
final class SwiftExamplePluginTests: XCTestCase {
    func testLoadsFitsPredictsAndRoundTrips() throws {
        let catalog = try TestPaths.catalog("example_swift")
        let info = try catalog.plugin(named: "example-mean", kind: .estimator)
        XCTAssertEqual(info.abiMajor, 1)
        XCTAssertEqual(info.functions.map(\.name), ["scale", "abi_major"])

        let estimator = try catalog.estimator("example-mean")
        let train = ArchitectureBatch(searchSpace: "any", count: 4, targets: [1, 2, 3, 6])
        try estimator.fit(train: train, validation: nil, seed: 1, progress: nil)
        let predictions = try estimator.predict(ArchitectureBatch(searchSpace: "any", count: 2))
        XCTAssertEqual(predictions.mean, [3, 3])
        XCTAssertEqual(predictions.std?[0] ?? 0, (14.0 / 4).squareRoot(), accuracy: 1e-12)

        let restored = try catalog.estimator("example-mean", options: ["shift": "1"])
        try restored.load(try estimator.save())
        XCTAssertEqual(try restored.predict(ArchitectureBatch(searchSpace: "any", count: 1)).mean, [4])
    }

    func testUnknownOptionAndPredictBeforeFitAreErrors() throws {
        let catalog = try TestPaths.catalog("example_swift")
        XCTAssertThrowsError(try catalog.estimator("example-mean", options: ["shfit": "1"])) { error in
            XCTAssertTrue("\(error)".contains("unknown option 'shfit'"), "\(error)")
        }
        let estimator = try catalog.estimator("example-mean")
        XCTAssertThrowsError(try estimator.predict(ArchitectureBatch(searchSpace: "any", count: 1))) { error in
            XCTAssertEqual((error as? PluginCallError)?.status, 3)
        }
    }
}
