import XCTest

@testable import LatKit

final class HardwareSpecsTests: XCTestCase {
    func testParsesTheShippedSpecs() throws {
        let specs = try HardwareSpecs.load(path: TestPaths.data + "/hardware/hardware_specs.csv")
        XCTAssertEqual(specs.devices.count, 22)

        // "4352 CUDA cores", empty sm_count, "1545 reference / 1635 Founders Edition",
        // "250 reference / 260 Founders Edition": the first number, missing stays missing.
        let rtx = try specs.requireDevice("rtx_2080_ti")
        XCTAssertEqual(rtx.name, "NVIDIA GeForce RTX 2080 Ti")
        XCTAssertEqual(rtx.kind, "desktop_gpu")
        XCTAssertEqual(rtx.features, [4352, nil, 11, 352, 616, 1350, 1545, 250])
        XCTAssertEqual(rtx.cells["boost_clock_MHz"], "1545 reference / 1635 Founders Edition")
        XCTAssertEqual(rtx.line, 3)

        let gtx = try specs.requireDevice("gtx_1080_ti")
        XCTAssertEqual(gtx.features, [3584, 28, 11, 352, 484, 1480, 1582, 250])

        // "5120 FP32 CUDA cores (640 Tensor Cores)", empty base clock, "about 1370".
        let v100 = try specs.requireDevice("tesla_v100_pcie")
        XCTAssertEqual(v100.cores, 5120)
        XCTAssertNil(v100.baseClockMHz)
        XCTAssertEqual(v100.boostClockMHz, 1370)

        // "up to 1024" (a bound) is missing; "140.8 (131.13 GiB/s max)" is 140.8.
        let gold = try specs.requireDevice("xeon_gold_6226")
        XCTAssertEqual(gold.cores, 12)
        XCTAssertNil(gold.memoryGB)
        XCTAssertEqual(gold.memoryBandwidthGBps, 140.8)
        XCTAssertEqual(gold.tdpW, 125)

        // "1 / 2 / 4 / 8 (board variants)" -> 1; "5 V 3 A supply" is not a TDP in W -> missing.
        let pi = try specs.requireDevice("raspberry_pi_4")
        XCTAssertEqual(pi.cores, 4)
        XCTAssertEqual(pi.memoryGB, 1)
        XCTAssertEqual(pi.boostClockMHz, 1500)
        XCTAssertNil(pi.tdpW)

        let silver = try specs.requireDevice("xeon_silver_4210r")
        XCTAssertEqual(silver.features, [Double?](repeating: nil, count: HardwareSpecs.featureNames.count))
        XCTAssertThrowsError(try specs.requireDevice("tpu")) { error in
            XCTAssertTrue("\(error)".contains("no device 'tpu'; known: gtx_1080_ti, rtx_2080_ti"), "\(error)")
        }
    }

    func testFirstNumberRule() {
        XCTAssertEqual(HardwareSpecs.firstNumber("547.7", units: ["GB/s"]), 547.7)
        XCTAssertEqual(HardwareSpecs.firstNumber("2300 (A73) / 1600 (A53)", units: ["MHz"]), 2300)
        XCTAssertEqual(HardwareSpecs.firstNumber("1.5 GHz", units: ["MHz"]), nil)
        XCTAssertEqual(HardwareSpecs.firstNumber("1500 MHz", units: ["MHz"]), 1500)
        XCTAssertEqual(HardwareSpecs.firstNumber("", units: []), nil)
        XCTAssertEqual(HardwareSpecs.firstNumber("not stated", units: []), nil)
        XCTAssertEqual(HardwareSpecs.firstNumber("Up to 768", units: ["GB"]), nil)
    }

    func testDeviceColumns() throws {
        let columns = try DeviceColumns.load(path: TestPaths.data + "/hardware/device_columns.csv")
        XCTAssertEqual(columns.entries.count, 47)
        let ofa = try XCTUnwrap(columns.entry(column: "2080ti_bs64", datasetFile: TestPaths.data + "/help_ofa_mbv3/latency_wide.csv"))
        XCTAssertEqual(ofa.hardwareID, "rtx_2080_ti")
        XCTAssertEqual(ofa.deviceKey, "2080ti")
        XCTAssertEqual(ofa.batchSize, 64)
        XCTAssertEqual(ofa.deviceClass, "desktop_gpu")
        XCTAssertEqual(ofa.count, 5000)
        XCTAssertEqual(ofa.minMs, 9.4337)
        // A copy of the NAS-Bench-201 file elsewhere (matched by its folder) finds the columns of the full file.
        let excerpt = "elsewhere/help_nasbench201/latency_wide.csv"
        XCTAssertEqual(columns.entries(datasetFile: excerpt).count, 19)
        let phone = try XCTUnwrap(columns.entry(column: "essential_ph_1", datasetFile: excerpt))
        XCTAssertNil(phone.batchSize)
        XCTAssertEqual(phone.valueType, "integer ms")
        XCTAssertNil(columns.entry(column: "2080ti_bs64", datasetFile: excerpt))
    }
}
