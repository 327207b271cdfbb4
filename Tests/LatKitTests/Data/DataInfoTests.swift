import XCTest

@testable import LatKit

final class DataInfoTests: XCTestCase {
    func testFlagsTheRepeatedLatenciesOfTheMeasuredCompOFAFile() throws {
        let info = try DataInfo.analyze(path: TestPaths.data + "/ofanas_paper/compofa_fixedkernel_paper_latency.csv")
        XCTAssertEqual(info.layout, .wide)
        XCTAssertEqual(info.rows, 10000)
        XCTAssertNil(info.searchSpace)
        XCTAssertEqual(info.architectureColumns.map(\.name), ["ks", "e", "d", "r"])
        // Fixed kernel: one ks pattern; e is tied to d: 243 (e, d) pairs x 5 resolutions.
        XCTAssertEqual(info.architectureColumns.map(\.distinctValues), [1, 243, 243, 5])
        XCTAssertEqual(info.distinctArchitectures, 1215)
        XCTAssertEqual(info.duplicateArchitectureRows, 10000 - 1215)
        XCTAssertEqual(info.series.map(\.name), ["rtx_2080_ti_ms", "tesla_p40_ms", "intel_xeon_cpu_ms", "note10_lut_ms"])
        XCTAssertEqual(info.series.map(\.distinctValues), [243, 243, 243, 1215])
        let rtx = info.series[0]
        XCTAssertEqual(rtx.min, 5.536460876464844)
        XCTAssertEqual(rtx.max, 32.60538578033447)
        XCTAssertEqual(rtx.values, 10000)
        XCTAssertEqual(rtx.duplicatesWithDifferingValues, 0)
        let repeated = info.flags.filter { $0.contains("only 243 distinct latency values for 1,215 distinct architectures") }
        XCTAssertEqual(repeated.count, 3, info.flags.joined(separator: "\n"))
        XCTAssertTrue(repeated[0].hasPrefix("rtx_2080_ti_ms:"))
        XCTAssertFalse(info.flags.contains { $0.hasPrefix("note10_lut_ms") })
        XCTAssertTrue(info.flags.contains { $0.hasPrefix("8,785 rows repeat an earlier architecture") })
        let text = info.render()
        XCTAssertTrue(text.contains("architectures: 1,215 distinct"), text)
        XCTAssertTrue(text.contains("rtx_2080_ti_ms"), text)
    }

    func testTheOFAPaperFileHasNoRepeatFlag() throws {
        let info = try DataInfo.analyze(path: TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv")
        XCTAssertEqual(info.distinctArchitectures, 10000)
        XCTAssertEqual(info.series.map(\.distinctValues), [9934, 9976, 10000])
        XCTAssertEqual(info.flags, [])
    }

    func testWholeMillisecondSeriesAndGuessedArchitectureColumns() throws {
        let info = try DataInfo.analyze(path: TestPaths.data + "/help_fbnet/latency_wide.csv")
        XCTAssertEqual(info.architectureColumns.map(\.name), ["op_idx", "blocks"])
        XCTAssertEqual(info.series.count, 19)
        let phone = try XCTUnwrap(info.series.first { $0.name == "samsung_a50" })
        XCTAssertTrue(phone.integerValued)
        XCTAssertTrue(info.flags.contains { $0.hasPrefix("samsung_a50: whole numbers only") })
    }

    func testFlagsImplausiblySmallValues() throws {
        // NAS-Bench-201 cells without an input-output path: pixel3 values far below the rest.
        let info = try DataInfo.analyze(path: TestPaths.data + "/help_nasbench201/latency_wide.csv")
        let pixel = try XCTUnwrap(info.series.first { $0.name == "pixel3" })
        XCTAssertEqual(pixel.tinyValues, 273)
        XCTAssertEqual(try XCTUnwrap(pixel.median), 10.6756, accuracy: 1e-12)
        XCTAssertTrue(info.flags.contains { $0.hasPrefix("pixel3: 273 values below 1/20 of the median 10.6756 ms (smallest 0.0033 ms)") })
        XCTAssertEqual(info.series.filter { $0.tinyValues > 0 }.map(\.name), ["pixel3"])
    }

    func testWithASpaceDuplicatesBadCellsAndJSON() throws {
        let folder = try TemporaryFolder()
        let text = """
            row,a,b,gpu_ms,cpu_ms
            0,1,x,2,10
            1,1,x,2,11
            2,2,y,0,12
            3,9,q,3,13
            4,3,z,,14

            """
        let file = try folder.write("info.csv", text)
        let info = try DataInfo.analyze(path: file, space: FakeSearchSpace())
        XCTAssertEqual(info.searchSpace, "fake")
        XCTAssertEqual(info.layout, .wide)
        XCTAssertEqual(info.distinctArchitectures, 3)
        XCTAssertEqual(info.duplicateArchitectureRows, 1)
        XCTAssertEqual(info.invalidArchitectures?.count, 1)
        let gpu = info.series[0]
        XCTAssertEqual(gpu.badCells, DataInfo.BadCells(empty: 1, notANumber: 0, nan: 0, infinite: 0, nonPositive: 1))
        XCTAssertEqual(gpu.values, 3)
        XCTAssertEqual(gpu.median, 2)
        XCTAssertEqual(gpu.duplicatesWithDifferingValues, 0)
        let cpu = info.series[1]
        XCTAssertEqual(cpu.median, 12)
        XCTAssertEqual(cpu.duplicatesWithDifferingValues, 1)
        XCTAssertTrue(info.flags.contains("gpu_ms: 1 empty, 1 zero or negative cells; reading this column as a target refuses those rows"))
        XCTAssertTrue(info.flags.contains("cpu_ms: 1 architectures occur several times with different values"))
        XCTAssertTrue(info.flags.contains { $0.hasPrefix("1 rows have architectures the search space refuses; first: \(file):5:") })
        let decoded = try JSONDecoder().decode(DataInfo.self, from: try JSONEncoder().encode(info))
        XCTAssertEqual(decoded, info)
    }

    func testLongLayoutSeriesPerDeviceAndBatch() throws {
        let folder = try TemporaryFolder()
        let text = """
            arch_id,a,b,device,batch_size,latency_ms
            0,1,x,gpu,1,5
            1,2,y,gpu,1,7
            0,1,x,gpu,64,50
            1,2,y,gpu,64,70
            1,2,y,gpu,64,71

            """
        let info = try DataInfo.analyze(path: try folder.write("long.csv", text))
        XCTAssertEqual(info.layout, .long)
        XCTAssertEqual(info.series.map(\.name), ["latency_ms[device=gpu, batch=1]", "latency_ms[device=gpu, batch=64]"])
        XCTAssertEqual(info.series.map(\.median), [6, 70])
        XCTAssertEqual(info.series[1].duplicateRows, 1)
        XCTAssertEqual(info.duplicateArchitectureRows, 1)
        XCTAssertEqual(info.distinctArchitectures, 2)
    }
}
