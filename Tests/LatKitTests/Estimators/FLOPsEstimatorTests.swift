import Foundation
import LatKitRandom
import XCTest

@testable import LatKit

/// The `flops` estimator of liblatkit_flops, through the host API.
final class FLOPsEstimatorTests: XCTestCase {
    /// Rows with MACs spread over 100M-600M and latencies from `curve` (plus optional noise).
    private func rows(count: Int, seed: UInt64, noise: Double = 0, _ curve: (Double) -> Double) -> ArchitectureBatch {
        var generator = SeededGenerator(seed: seed)
        let macs = (0..<count).map { _ in 1e8 + 5e8 * generator.double() }
        let targets = macs.map { curve($0) + noise * generator.normal() }
        return ArchitectureBatch(
            searchSpace: "test", count: count, costs: macs.map { Cost(macs: $0, params: 1e6) }, targets: targets)
    }

    private func fitted(_ options: [String: String], _ train: ArchitectureBatch, validation: ArchitectureBatch? = nil) throws
        -> LatencyEstimator
    {
        let estimator = try TestPaths.catalog("flops").estimator("flops", options: options)
        try estimator.fit(train: train, validation: validation, seed: 0, progress: nil)
        return estimator
    }

    func testFitsAKnownLine() throws {
        let line = { (macs: Double) in 2.5 + 3e-8 * macs }
        let estimator = try fitted([:], rows(count: 50, seed: 1, line))
        XCTAssertEqual(estimator.requirements.views, [.cost])
        XCTAssertEqual(estimator.requirements.capabilities, [.fit, .standardDeviation, .save])
        let test = rows(count: 20, seed: 2, line)
        let predictions = try estimator.predict(test)
        for (predicted, expected) in zip(predictions.mean, test.targets!) { XCTAssertEqual(predicted, expected, accuracy: 1e-9) }
        XCTAssertLessThan(predictions.std![0], 1e-9)
        // Two MACs values pin the line: 0 MACs gives the intercept.
        let origin = ArchitectureBatch(searchSpace: "test", count: 1, costs: [Cost(macs: 0, params: 0)])
        XCTAssertEqual(try estimator.predict(origin).mean[0], 2.5, accuracy: 1e-9)
    }

    func testALineCrossingZeroIsFlooredAtOneMicrosecond() throws {
        // Fitted on 100M-600M MACs, -2 + 1e-8 x MACs is below zero under 200M MACs.
        let estimator = try fitted(["model": "linear"], rows(count: 30, seed: 3) { -2 + 1e-8 * $0 })
        let small = ArchitectureBatch(searchSpace: "test", count: 2, costs: [Cost(macs: 5e7, params: 1), Cost(macs: 5e8, params: 1)])
        let predictions = try estimator.predict(small)
        XCTAssertEqual(predictions.mean[0], 1e-3, "a latency is never predicted below 1 µs (the line says -1.5 ms)")
        XCTAssertEqual(predictions.mean[1], 3, accuracy: 1e-9, "above zero the line is untouched")
    }

    func testResidualStdOfANoisyLine() throws {
        let estimator = try fitted(["model": "linear"], rows(count: 4000, seed: 3, noise: 0.2) { 1 + 2e-8 * $0 })
        let predictions = try estimator.predict(rows(count: 3, seed: 4) { $0 })
        XCTAssertEqual(predictions.std![0], 0.2, accuracy: 0.01)
    }

    func testQuadraticAndPowerCurves() throws {
        let quadratic = { (macs: Double) in 1 + 1e-8 * macs + 4e-17 * macs * macs }
        let power = { (macs: Double) in 0.002 * pow(macs, 0.5) }
        let test = rows(count: 10, seed: 6) { $0 }
        for (name, curve) in [("quadratic", quadratic), ("power", power)] {
            let estimator = try fitted(["model": name], rows(count: 40, seed: 5, curve))
            let predictions = try estimator.predict(test)
            for (predicted, macs) in zip(predictions.mean, test.costs!.map(\.macs)) {
                XCTAssertEqual(predicted, curve(macs), accuracy: 1e-9 * curve(macs), name)
            }
        }
        // auto picks the power law for power-law data (by validation RMSE), so it is exact too.
        let auto = try fitted(["model": "auto"], rows(count: 40, seed: 5, power), validation: rows(count: 20, seed: 7, power))
        XCTAssertEqual(try auto.predict(test).mean[0], power(test.costs![0].macs), accuracy: 1e-9)
        let saved = try auto.save()
        XCTAssertEqual(saved[5], 2, "shape byte: power")
    }

    func testSaveLoadRoundTripAndErrors() throws {
        let estimator = try fitted(["model": "quadratic"], rows(count: 30, seed: 8, noise: 0.1) { 1 + 2e-8 * $0 })
        let test = rows(count: 5, seed: 9) { $0 }
        let saved = try estimator.save()
        XCTAssertEqual(Array(saved.prefix(5)), Array("LKFL".utf8) + [1])
        // A loaded model keeps its saved curve whatever model= says.
        let restored = try TestPaths.catalog("flops").estimator("flops", options: ["model": "linear"])
        assertPluginError(try restored.predict(test), status: 3, contains: "fitted or loaded")
        try restored.load(saved)
        XCTAssertEqual(try restored.predict(test), try estimator.predict(test))

        var future = saved
        future[4] = 7
        assertPluginError(try restored.load(future), status: 6, contains: "format version 7")
        var shape = saved
        shape[5] = 9
        assertPluginError(try restored.load(shape), status: 6, contains: "unknown curve shape 9")
        assertPluginError(try restored.load(saved + [0]), status: 6, contains: "unexpected bytes")
        // Bytes 6..<14 hold the MACs scale: zero or NaN there is damage, refused at load.
        for bad in [0.0, Double.nan] {
            var damaged = saved
            withUnsafeBytes(of: bad.bitPattern.littleEndian) { damaged.replaceSubrange(6..<14, with: $0) }
            assertPluginError(try restored.load(damaged), status: 6, contains: "non-finite or non-positive")
        }
    }

    func testBadInputIsAClearError() throws {
        let catalog = try TestPaths.catalog("flops")
        assertPluginError(try catalog.estimator("flops", options: ["model": "cubic"]), status: 1, contains: "model=cubic is not one of")
        let power = try catalog.estimator("flops", options: ["model": "power"])
        var negative = rows(count: 10, seed: 1) { 1 + 1e-8 * $0 }
        negative.targets![3] = -1
        assertPluginError(
            try power.fit(train: negative, validation: nil, seed: 0, progress: nil), status: 1, contains: "row 3 has macs")
        let flat = ArchitectureBatch(
            searchSpace: "test", count: 5, costs: Array(repeating: Cost(macs: 1e8, params: 0), count: 5), targets: [1, 2, 3, 4, 5])
        assertPluginError(
            try catalog.estimator("flops").fit(train: flat, validation: nil, seed: 0, progress: nil), status: 1,
            contains: "too few distinct values")
        // A batch without the cost view never reaches the plugin.
        XCTAssertThrowsError(try catalog.estimator("flops").predict(ArchitectureBatch(searchSpace: "test", count: 1))) { error in
            XCTAssertTrue("\(error)".contains("lacks the views cost"), "\(error)")
        }
    }
}
