import Foundation
import XCTest

@testable import LatKit

/// What every `MeasurementStore` promises, checked the same way on SQLite and on PostgreSQL: one
/// row per (series, item), refusals, filters, the long-CSV view, copying.
enum MeasurementStoreContract {
    static func series(device: String = "dev-a", batch: Int = 1, kind: MeasurementSeries.Kind = .network) -> MeasurementSeries {
        MeasurementSeries(
            space: "ofa-mbv3-w1.0", kind: kind, device: device, profiler: "p", batchSize: batch,
            measurementProtocol: "warmup=1 runs=3 threads=1")
    }

    static func result(_ item: String, _ mean: Double, _ series: MeasurementSeries) -> StoredMeasurement {
        StoredMeasurement(
            series: series, item: item,
            measurement: Measurement(meanMs: mean, stdMs: 0.1, minMs: mean - 0.1, medianMs: mean, machineLoad: 0.05, runs: 3),
            measuredAt: "2026-12-01T00:00:00Z")
    }

    /// `open` opens the same store each time it is called (a fresh store the first time).
    static func storesOnceAndReadsBackExactly(_ open: () throws -> MeasurementStore) throws {
        let store = try open()
        try store.registerDevice("dev-a", description: [("name", "dev-a"), ("cores", "2")])
        try store.registerDevice("dev-b", description: [("name", "dev-b")])
        XCTAssertTrue(try store.record(result("x", 10, series())))
        XCTAssertFalse(try store.record(result("x", 99, series())), "a second result for the same item is not stored")
        XCTAssertTrue(try store.record(result("x", 20, series(batch: 8))), "another batch size is another series")
        XCTAssertTrue(try store.record(result("y", 30, series(device: "dev-b"))))
        XCTAssertEqual(try store.measuredItems(in: series()), ["x"])

        let reopened = try open()
        let all = try reopened.measurements(MeasurementFilter())
        XCTAssertEqual(all.map(\.measurement.meanMs), [10, 20, 30])
        XCTAssertEqual(all[0], result("x", 10, series()))
        XCTAssertEqual(try reopened.measurements(MeasurementFilter(device: "dev-b")).map(\.item), ["y"])
        XCTAssertEqual(try reopened.measurements(MeasurementFilter(batchSize: 8)).map(\.measurement.meanMs), [20])
        XCTAssertEqual(try reopened.measurements(in: series()).map(\.item), ["x"])
        let devices = try reopened.devices()
        XCTAssertEqual(devices.map(\.name), ["dev-a", "dev-b"])
        XCTAssertEqual(devices[0].description.map { "\($0.key)=\($0.value)" }, ["name=dev-a", "cores=2"])
    }

    static func refusesInvalidMeasurementsAndUnknownDevices(_ store: MeasurementStore, named name: String) throws {
        try store.registerDevice("dev-a", description: [("name", "dev-a")])
        var bad = result("x", 10, series())
        bad.measurement.meanMs = .nan
        XCTAssertThrowsError(try store.record(bad)) { XCTAssertTrue("\($0)".contains("invalid measurement"), "\($0)") }
        bad.measurement.meanMs = -1
        XCTAssertThrowsError(try store.record(bad))
        XCTAssertThrowsError(try store.record(result("x", 10, series(device: "never-registered")))) {
            XCTAssertTrue("\($0)".contains(name), "the error names the store: \($0)")
        }
        XCTAssertEqual(try store.measurements(MeasurementFilter()).count, 0)
    }

    static func longTableReadsBackAsADataSet(_ store: MeasurementStore) throws {
        try store.registerDevice("dev-a", description: [("name", "dev-a")])
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0")
        let archs = try space.sample(count: 3, seed: 1)
        for (index, arch) in archs.enumerated() { try store.record(result(arch, Double(index + 1), series())) }
        try store.record(result("Conv-input:224x224x3-output:112x112x16", 0.5, series(kind: .operator)))
        let text = try store.longTableText(MeasurementFilter())
        XCTAssertEqual(text.split(whereSeparator: \.isNewline).count, 4, "operators are not networks: \(text)")
        let dataset = try LatencyDataset(table: try CSVTable(text: text, source: "store"), space: space, options: .init(device: "dev-a"))
        XCTAssertEqual(dataset.architectures, archs)
        XCTAssertEqual(dataset.targets, [1, 2, 3])
    }

    static func copiesEveryResultOnce(from source: MeasurementStore, to target: MeasurementStore) throws {
        try source.registerDevice("dev-a", description: [("name", "dev-a"), ("kind", "cpu")])
        try source.record(result("a", 1, series()))
        try source.record(result("b", 2, series()))
        try source.record(result("op", 0.5, series(kind: .operator)))
        XCTAssertEqual(try source.copy(MeasurementFilter(), into: target), StoreCopyOutcome(copied: 3, alreadyThere: 0))
        XCTAssertEqual(try source.copy(MeasurementFilter(), into: target), StoreCopyOutcome(copied: 0, alreadyThere: 3))
        XCTAssertEqual(try target.measurements(MeasurementFilter()), try source.measurements(MeasurementFilter()))
        XCTAssertEqual(try target.devices().first?.description.last?.value, "cpu")
    }
}

/// The contract on the embedded store.
final class MeasurementStoreTests: XCTestCase {
    func testAResultIsStoredOnceAndReadBackExactly() throws {
        let folder = try TemporaryFolder()
        try MeasurementStoreContract.storesOnceAndReadsBackExactly { try SQLiteMeasurementStore(path: folder.path + "/m.sqlite") }
    }

    func testInvalidMeasurementsAndUnknownDevicesAreRefused() throws {
        let folder = try TemporaryFolder()
        try MeasurementStoreContract.refusesInvalidMeasurementsAndUnknownDevices(
            try SQLiteMeasurementStore(path: folder.path + "/m.sqlite"), named: "m.sqlite")
    }

    func testANewerSchemaIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/m.sqlite"
        _ = try SQLiteMeasurementStore(path: path)
        try SQLiteDatabase(path: path).execute("PRAGMA user_version = 99")
        XCTAssertThrowsError(try SQLiteMeasurementStore(path: path)) { XCTAssertTrue("\($0)".contains("newer"), "\($0)") }
    }

    func testTheLongTableReadsBackAsADataSet() throws {
        let folder = try TemporaryFolder()
        try MeasurementStoreContract.longTableReadsBackAsADataSet(try SQLiteMeasurementStore(path: folder.path + "/m.sqlite"))
    }

    func testACopyHoldsEveryResultOnce() throws {
        let folder = try TemporaryFolder()
        try MeasurementStoreContract.copiesEveryResultOnce(
            from: try SQLiteMeasurementStore(path: folder.path + "/a.sqlite"),
            to: try SQLiteMeasurementStore(path: folder.path + "/b.sqlite"))
    }

    func testAMissingStoreIsNotCreatedWhereOneMustExist() throws {
        let folder = try TemporaryFolder()
        XCTAssertThrowsError(try MeasurementStores.openExisting(folder.path + "/none.sqlite")) {
            XCTAssertEqual("\($0)", folder.path + "/none.sqlite: no such store")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/none.sqlite"))
    }
}
