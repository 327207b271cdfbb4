import XCTest

@testable import LatKit

final class LatencyDatasetTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder = nil }

    func testPaperLayout() throws {
        let file = try folder.write("paper.csv", "row,a,b,latency_ms\n0,1,x,10.5\n1,2,y,11\n2,1,x,10.25\n")
        let space = FakeSearchSpace()
        let data = try LatencyDataset.load(path: file, space: space)
        XCTAssertEqual(data.layout, .paper)
        XCTAssertEqual(data.targetColumn, "latency_ms")
        XCTAssertEqual(data.architectures, ["a1-bx", "a2-by", "a1-bx"])
        XCTAssertEqual(data.targets, [10.5, 11, 10.25])
        XCTAssertEqual(data.lines, [2, 3, 4])
        XCTAssertNil(data.deviceIDs)
        XCTAssertTrue(data.problems.isEmpty)
        // Repeated field tuples go to the space once, in one batch.
        XCTAssertEqual(space.calls, 1)
        XCTAssertEqual(space.rowsSeen, 2)
        let batch = data.batch([2, 0])
        XCTAssertEqual(batch.searchSpace, "fake")
        XCTAssertEqual(batch.architectures, ["a1-bx", "a1-bx"])
        XCTAssertEqual(batch.targets, [10.25, 10.5])
        XCTAssertEqual(data.subset([1]).lines, [3])
    }

    func testWideLayoutNeedsATargetAmongSeveralSeries() throws {
        let file = try folder.write("wide.csv", "arch_id,a,b,gpu_bs1,gpu_bs64\n0,1,x,1.5,20\n1,3,z,2.5,30\n")
        XCTAssertThrowsError(try LatencyDataset.load(path: file, space: FakeSearchSpace())) { error in
            XCTAssertEqual(
                "\(error)", "\(file):1: wide layout with 2 latency columns: choose the target column (one of: gpu_bs1, gpu_bs64)")
        }
        let data = try LatencyDataset.load(path: file, space: FakeSearchSpace(), options: .init(target: "gpu_bs64"))
        XCTAssertEqual(data.layout, .wide)
        XCTAssertEqual(data.architectures, ["a1-bx", "a3-bz"])
        XCTAssertEqual(data.targets, [20, 30])
        XCTAssertThrowsError(try LatencyDataset.load(path: file, space: FakeSearchSpace(), options: .init(target: "cpu"))) { error in
            XCTAssertEqual("\(error)", "\(file):1: no column 'cpu' (target); available columns: arch_id, a, b, gpu_bs1, gpu_bs64")
        }
        XCTAssertThrowsError(try LatencyDataset.load(path: file, space: FakeSearchSpace(), options: .init(target: "a"))) { error in
            XCTAssertEqual("\(error)", "\(file):1: target column 'a' is an architecture column of 'fake'")
        }
        // A wide file with a single series needs no name.
        let single = try folder.write("single.csv", "a,b,only_ms\n1,x,3\n")
        XCTAssertEqual(try LatencyDataset.load(path: single, space: FakeSearchSpace()).targetColumn, "only_ms")
    }

    func testLongLayoutWithDeviceAndBatchFilter() throws {
        let text = """
            arch_id,a,b,device,hw_id,batch_size,latency_ms
            0,1,x,2080ti,rtx_2080_ti,1,7.5
            0,1,x,2080ti,rtx_2080_ti,64,20.5
            0,1,x,v100,tesla_v100,64,15
            1,2,y,2080ti,rtx_2080_ti,64,22
            1,2,y,cpu,xeon,,300

            """
        let file = try folder.write("long.csv", text)
        let all = try LatencyDataset.load(path: file, space: FakeSearchSpace())
        XCTAssertEqual(all.layout, .long)
        XCTAssertEqual(all.count, 5)
        XCTAssertEqual(all.deviceIDs ?? [], ["2080ti", "2080ti", "v100", "2080ti", "cpu"])
        XCTAssertEqual(all.batchSizes ?? [], [1, 64, 64, 64, nil])

        let filtered = try LatencyDataset.load(path: file, space: FakeSearchSpace(), options: .init(device: "2080ti", batchSize: 64))
        XCTAssertEqual(filtered.architectures, ["a1-bx", "a2-by"])
        XCTAssertEqual(filtered.targets, [20.5, 22])
        XCTAssertEqual(filtered.lines, [3, 5])
        XCTAssertTrue(filtered.problems.isEmpty)

        XCTAssertThrowsError(try LatencyDataset.load(path: file, space: FakeSearchSpace(), options: .init(device: "titan"))) { error in
            XCTAssertEqual(
                "\(error)", "\(file): no rows match device titan and batch size any (devices: 2080ti, cpu, v100; batch sizes: 1, 64)")
        }
        let wide = try folder.write("w.csv", "a,b,latency_ms\n1,x,3\n")
        XCTAssertThrowsError(try LatencyDataset.load(path: wide, space: FakeSearchSpace(), options: .init(device: "x"))) { error in
            XCTAssertEqual("\(error)", "\(wide): a device or batch-size filter needs the long layout (device, batch_size columns)")
        }
    }

    func testEveryBadLatencyIsAnErrorWithFileAndLine() throws {
        let cases: [(String, String)] = [
            ("abc", "column 'latency_ms': 'abc' is not a number"),
            ("nan", "column 'latency_ms': latency is NaN"),
            ("0", "column 'latency_ms': latency is zero; latencies must be positive (ms)"),
            ("0.0", "column 'latency_ms': latency is zero; latencies must be positive (ms)"),
            ("-1.5", "column 'latency_ms': latency -1.5 is negative; latencies must be positive (ms)"),
            ("inf", "column 'latency_ms': latency 'inf' is not finite"),
            ("", "column 'latency_ms': empty latency cell"),
        ]
        for (cell, message) in cases {
            let file = try folder.write("bad.csv", "row,a,b,latency_ms\n0,1,x,2\n1,2,y,\(cell)\n2,3,z,4\n")
            XCTAssertThrowsError(try LatencyDataset.load(path: file, space: FakeSearchSpace())) { error in
                XCTAssertEqual("\(error)", "\(file):3: \(message)")
            }
        }
    }

    func testMalformedArchitectureIsMappedToItsLine() throws {
        // Line 5 repeats line 2's good fields; the bad tuple is the second distinct one but sits on line 4.
        let file = try folder.write("arch.csv", "row,a,b,latency_ms\n0,1,x,2\n1,1,x,3\n2,12,y,4\n3,1,x,5\n")
        XCTAssertThrowsError(try LatencyDataset.load(path: file, space: FakeSearchSpace())) { error in
            XCTAssertEqual(
                "\(error)",
                "\(file):4: invalid architecture for search space 'fake' (a=12 b=y): fake: from_fields failed: field 'a' must be 1-9, got '12'"
            )
        }
        let missing = try folder.write("nob.csv", "row,a,latency_ms\n0,1,2\n")
        XCTAssertThrowsError(try LatencyDataset.load(path: missing, space: FakeSearchSpace())) { error in
            XCTAssertEqual(
                "\(error)",
                "\(missing):1: no column 'b' (architecture column of search space 'fake'); available columns: row, a, latency_ms")
        }
    }

    func testSkipBadRowsCountsAndExplains() throws {
        let text = """
            row,a,b,latency_ms
            0,1,x,2
            1,2,q,3
            2,3,y,-1
            3,2,q,4
            4,4,z,nan
            5,5,x,6
            6,0,x,7
            7,6,y,8

            """
        let file = try folder.write("skip.csv", text)
        XCTAssertThrowsError(try LatencyDataset.load(path: file, space: FakeSearchSpace()))
        let data = try LatencyDataset.load(path: file, space: FakeSearchSpace(), options: .init(skipBadRows: true, reasonLimit: 3))
        XCTAssertEqual(data.architectures, ["a1-bx", "a5-bx", "a6-by"])
        XCTAssertEqual(data.lines, [2, 7, 9])
        XCTAssertEqual(data.targets, [2, 6, 8])
        // Two bad latencies (lines 4 and 6), then the architectures: b=q on lines 3 and 5 (one
        // tuple, two rows) and a=0 on line 8.
        XCTAssertEqual(data.problems.count, 5)
        XCTAssertEqual(
            data.problems.examples,
            [
                "\(file):4: column 'latency_ms': latency -1 is negative; latencies must be positive (ms)",
                "\(file):6: column 'latency_ms': latency is NaN",
                "\(file):3: invalid architecture for search space 'fake' (a=2 b=q): field 'b' must be x, y or z, got 'q' (and 1 more rows with these fields)",
            ])
        XCTAssertTrue(data.problems.summary.hasPrefix("skipped 5 bad rows:\n  \(file):4:"), data.problems.summary)

        let allBad = try folder.write("allbad.csv", "row,a,b,latency_ms\n0,1,x,0\n")
        XCTAssertThrowsError(try LatencyDataset.load(path: allBad, space: FakeSearchSpace(), options: .init(skipBadRows: true))) { error in
            XCTAssertTrue(
                "\(error)".hasPrefix("\(allBad): no usable rows: every row was refused; skipped 1 bad row:\n  \(allBad):2:"), "\(error)")
        }
        let empty = try folder.write("empty.csv", "row,a,b,latency_ms\n")
        XCTAssertThrowsError(try LatencyDataset.load(path: empty, space: FakeSearchSpace())) { error in
            XCTAssertEqual("\(error)", "\(empty): no usable rows: the file has no data rows")
        }
    }
}
