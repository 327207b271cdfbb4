import Foundation
import LatKitRandom
import XCTest

@testable import LatKit

/// The default `mlp` recipe's calibrated standard deviation: split-conformal scaling of the
/// ensemble spread on held-out rows, and states written before calibration.
final class MLPCalibrationTests: XCTestCase {
    func catalog() throws -> PluginCatalog { try TestPaths.catalog("mlp") }

    /// `count` rows of 3 raw features with target 2a - b + 0.5c + 5 plus Gaussian noise of
    /// standard deviation `noise` (no operators, zero costs).
    func noisyRows(_ count: Int, noise: Double, seed: UInt64) -> (batch: ArchitectureBatch, truth: [Double]) {
        var generator = SeededGenerator(seed: seed)
        var values: [Float] = []
        var targets: [Double] = []
        for _ in 0..<count {
            let x = (0..<3).map { _ in generator.double() * 4 }
            values += x.map(Float.init)
            targets.append(2 * x[0] - x[1] + 0.5 * x[2] + 5 + noise * generator.normal())
        }
        let batch = ArchitectureBatch(
            searchSpace: "any", count: count, features: FeatureMatrix(values: values, rows: count, columns: 3, encoding: "x"),
            operators: Array(repeating: [], count: count), costs: Array(repeating: Cost(macs: 0, params: 0), count: count),
            targets: targets)
        return (batch, targets)
    }

    /// Fraction of rows whose truth lies within mean ± 1.645 std.
    func coverage(_ predictions: Predictions, _ truth: [Double]) -> Double {
        let inside = zip(zip(predictions.mean, predictions.std!), truth).filter { abs($1 - $0.0) <= 1.645 * $0.1 }.count
        return Double(inside) / Double(truth.count)
    }

    /// With known noise (sd 0.5) the calibrated interval covers about 90% of fresh rows and the
    /// std is about the noise's, whether the held-out rows are a validation batch or the holdout
    /// slice; the raw spread (calibrate=false) is the same model's uncalibrated std.
    func testCalibratedStdCoversNinetyPercentOfFreshRows() throws {
        let noise = 0.5
        let train = noisyRows(800, noise: noise, seed: 1)
        let validation = noisyRows(800, noise: noise, seed: 2)
        let fresh = noisyRows(3000, noise: noise, seed: 3)
        let options = MLPEstimatorTests.small.merging(["operators": "false"]) { $1 }
        for useValidation in [true, false] {
            let calibrated = try catalog().estimator("mlp", options: options)
            try calibrated.fit(train: train.batch, validation: useValidation ? validation.batch : nil, seed: 5, progress: nil)
            let predictions = try calibrated.predict(fresh.batch.withoutTargets)
            let covered = coverage(predictions, fresh.truth)
            XCTAssertGreaterThan(covered, 0.85, "validation \(useValidation): coverage \(covered)")
            XCTAssertLessThan(covered, 0.95, "validation \(useValidation): coverage \(covered)")
            let meanStd = predictions.std!.reduce(0, +) / Double(fresh.truth.count)
            XCTAssertEqual(meanStd, noise, accuracy: 0.15 * noise)
            XCTAssertTrue(predictions.std!.allSatisfy { $0 > 0 && $0.isFinite })

            let raw = try catalog().estimator("mlp", options: options.merging(["calibrate": "false"]) { $1 })
            try raw.fit(train: train.batch, validation: useValidation ? validation.batch : nil, seed: 5, progress: nil)
            let rawPredictions = try raw.predict(fresh.batch.withoutTargets)
            XCTAssertEqual(rawPredictions.mean, predictions.mean, "calibration must not change the mean")
            XCTAssertNotEqual(rawPredictions.std, predictions.std)
        }
    }

    /// Without validation rows, up to 2,000 training rows are calibrated by cross-fitting: the
    /// recipe is fitted again on 5 folds and the out-of-fold residuals set the scale, so that even
    /// 40 rows give an interval that covers about 90% of fresh rows (the calibration's own
    /// sampling error on 40 residuals is a few points, hence the band), with progress for the
    /// folds reported after the main fit's.
    func testFewRowsWithoutValidationAreCalibratedByCrossFitting() throws {
        let noise = 0.5
        let train = noisyRows(40, noise: noise, seed: 21)
        let fresh = noisyRows(3000, noise: noise, seed: 22)
        let estimator = try catalog().estimator("mlp", options: MLPEstimatorTests.small.merging(["operators": "false"]) { $1 })
        var reports: [(fraction: Double, message: String?)] = []
        try estimator.fit(train: train.batch, validation: nil, seed: 5) { fraction, message in
            reports.append((fraction, message))
            return true
        }
        let covered = coverage(try estimator.predict(fresh.batch.withoutTargets), fresh.truth)
        XCTAssertGreaterThan(covered, 0.80, "coverage \(covered)")
        XCTAssertLessThan(covered, 0.98, "coverage \(covered)")
        let folds = reports.compactMap(\.message).filter { $0.hasPrefix("calibration fold ") }
        XCTAssertTrue(folds.contains { $0.hasPrefix("calibration fold 5/5: network") }, "\(folds.suffix(3))")
        XCTAssertEqual(reports.map(\.fraction), reports.map(\.fraction).sorted(), "progress never goes back")
        XCTAssertLessThanOrEqual(reports.last?.fraction ?? 2, 1)
        let firstFold = try XCTUnwrap(reports.firstIndex { $0.message?.hasPrefix("calibration fold 1/5") == true })
        XCTAssertEqual(reports[firstFold].fraction, 1.0 / 6, accuracy: 0.05, "the main fit is the first sixth")
    }

    /// The held-out rows set the scale: the same training rows with noisier validation rows give
    /// a proportionally larger std.
    func testScaleComesFromTheHeldOutRows() throws {
        let train = noisyRows(600, noise: 0.2, seed: 11)
        var stds: [Double] = []
        for noise in [0.2, 0.8] {
            let estimator = try catalog().estimator("mlp", options: MLPEstimatorTests.small.merging(["operators": "false"]) { $1 })
            try estimator.fit(train: train.batch, validation: noisyRows(600, noise: noise, seed: 12).batch, seed: 5, progress: nil)
            let std = try estimator.predict(noisyRows(200, noise: 0, seed: 13).batch.withoutTargets).std!
            stds.append(std.reduce(0, +) / Double(std.count))
        }
        XCTAssertGreaterThan(stds[1], 2.5 * stds[0], "mean std with validation noise 0.2 and 0.8: \(stds)")
    }

    /// A version 3 state (before calibration: the same layout without the two calibration numbers)
    /// still loads, and reports the raw ensemble spread.
    func testVersionThreeStatesLoadWithTheRawSpread() throws {
        let rows = try OFAPaperData.latencyRows()
        let train = try OFAPaperData.batch(rows[0..<200], target: "rtx_2080_ti_ms")
        let validation = try OFAPaperData.batch(rows[200..<300], target: "rtx_2080_ti_ms")
        let test = try OFAPaperData.batch(rows[300..<400], target: nil)
        let calibrated = try catalog().estimator("mlp", options: MLPEstimatorTests.small)
        try calibrated.fit(train: train, validation: validation, seed: 9, progress: nil)
        let raw = try catalog().estimator("mlp", options: MLPEstimatorTests.small.merging(["calibrate": "false"]) { $1 })
        try raw.fit(train: train, validation: validation, seed: 9, progress: nil)

        let state = try calibrated.save()
        XCTAssertEqual(state[0], 4)
        var old = Array(state[0..<(state.count - 4 - 16)])
        old[0] = 3
        withUnsafeBytes(of: crc32(old).littleEndian) { old.append(contentsOf: $0) }
        let restored = try catalog().estimator("mlp")
        try restored.load(old)
        XCTAssertEqual(try restored.predict(test), try raw.predict(test))
        XCTAssertNotEqual(try restored.predict(test).std, try calibrated.predict(test).std)
    }

    /// CRC-32 (zlib's), as the plugin's states end with.
    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}
