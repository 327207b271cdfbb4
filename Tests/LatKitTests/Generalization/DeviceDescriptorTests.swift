import Foundation
import XCTest

@testable import LatKit

final class DeviceDescriptorTests: XCTestCase {
    private func shipped() throws -> HardwareSpecs { try HardwareSpecs.load(path: TestPaths.data + "/hardware/hardware_specs.csv") }

    func testKnownDeviceIsScaledAndNotFlagged() throws {
        let encoder = DeviceDescriptorEncoder(reference: try shipped())
        let (values, imputed) = encoder.descriptor(
            of: DeviceSeries(column: "2080ti_bs64", hardwareID: "rtx_2080_ti", batchSize: 64, deviceClass: "desktop_gpu"))
        XCTAssertEqual(values.count, encoder.featureNames.count)
        // Exactly the fields whose cell the table leaves empty are imputed.
        let spec = try XCTUnwrap(try shipped().device("rtx_2080_ti"))
        XCTAssertEqual(
            imputed, HardwareSpecs.featureNames.indices.filter { spec.features[$0] == nil }.map { HardwareSpecs.featureNames[$0] })
        XCTAssertLessThan(imputed.count, 3)
        // Logs standardized over the table: every value within a few units, never a raw ~4,000 count.
        XCTAssertTrue(values.allSatisfy { abs($0) < 5 }, "\(values)")
        XCTAssertEqual(values[encoder.featureNames.firstIndex(of: "kind_gpu")!], 1)
        XCTAssertEqual(values[encoder.featureNames.firstIndex(of: "missing_cores")!], 0)
    }

    func testMissingFieldsAreImputedFromTheSameKindAndFlagged() throws {
        let encoder = DeviceDescriptorEncoder(reference: try shipped())
        let (values, imputed) = encoder.descriptor(
            of: DeviceSeries(column: "titanx_bs1", hardwareID: "titan_x_unspecified", batchSize: 1, deviceClass: "desktop_gpu"))
        XCTAssertEqual(imputed.count, HardwareSpecs.featureNames.count)
        for name in HardwareSpecs.featureNames {
            XCTAssertEqual(values[encoder.featureNames.firstIndex(of: "missing_\(name)")!], 1, name)
        }
        XCTAssertEqual(values[encoder.featureNames.firstIndex(of: "kind_gpu")!], 1)
        // Imputed from GPUs: the cores column is the GPUs' mean log, not the table's (which CPUs pull down) and not 0 cores.
        let gpuCores = try shipped().devices.filter { $0.kind.contains("gpu") }.compactMap(\.cores).map { log($0) }
        let all = try shipped().devices.compactMap(\.cores).map { log($0) }
        let meanAll = all.reduce(0, +) / Double(all.count)
        let scale = (all.reduce(0) { $0 + ($1 - meanAll) * ($1 - meanAll) } / Double(all.count)).squareRoot()
        let expected = (gpuCores.reduce(0, +) / Double(gpuCores.count) - meanAll) / scale
        XCTAssertEqual(Double(values[encoder.featureNames.firstIndex(of: "log_cores")!]), expected, accuracy: 1e-5)
    }

    func testUserDeviceFromJSON() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        let path = folder + "/my_device.json"
        try #"{"hw_id": "my_npu_board", "kind": "embedded_npu", "compute_units": 8, "memory_bandwidth_GBps": "51.2 GB/s"}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let own = try HardwareSpecs.load(path: path)
        XCTAssertEqual(own.devices.count, 1)
        XCTAssertEqual(own.devices[0].cores, 8)
        XCTAssertEqual(own.devices[0].memoryBandwidthGBps, 51.2)
        XCTAssertNil(own.devices[0].memoryGB)
        let merged = try shipped().merging(own)
        XCTAssertEqual(merged.devices.count, try shipped().devices.count + 1)
        let encoder = DeviceDescriptorEncoder(reference: merged)
        let (values, imputed) = encoder.descriptor(
            of: DeviceSeries(column: "npu", hardwareID: "my_npu_board", batchSize: nil, deviceClass: ""))
        XCTAssertEqual(imputed.count, HardwareSpecs.featureNames.count - 2)
        XCTAssertFalse(imputed.contains("cores"))
        XCTAssertEqual(values[encoder.featureNames.firstIndex(of: "kind_other")!], 1)

        try #"[{"hw_id": "x", "cuda_cores": 5}]"#.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try HardwareSpecs.load(path: path)) { XCTAssertTrue("\($0)".contains("unknown key 'cuda_cores'"), "\($0)") }
    }
}
