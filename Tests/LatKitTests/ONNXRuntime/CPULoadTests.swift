import LatKitONNXRuntime
import XCTest

/// `/proc/stat` parsing on captured text and the other-cores load computed from two samples.
final class CPULoadTests: XCTestCase {
    static let captured = """
        cpu  1330147 0 120910 350734 1409 0 212 1375 0 0
        cpu0 626402 0 76839 198110 235 0 21 658 0 0
        cpu1 703744 0 44071 152624 1173 0 190 717 0 0
        intr 4517201 0 0 0
        ctxt 35472667
        btime 1764543936
        procs_running 2
        """

    func testParsesCapturedText() throws {
        let stat = try XCTUnwrap(ProcStat(parsing: Self.captured))
        XCTAssertEqual(stat.cores, 2)
        XCTAssertEqual(stat.totalTicks, 1_330_147 + 120_910 + 350_734 + 1409 + 212 + 1375)
        XCTAssertEqual(stat.busyTicks, 1_330_147 + 120_910 + 212 + 1375)
        XCTAssertNil(ProcStat(parsing: "intr 1 2 3\n"))
        XCTAssertNil(ProcStat(parsing: "cpu  1 2\n"))
    }

    func testReadsThisMachine() throws {
        let stat = try XCTUnwrap(ProcStat.read())
        XCTAssertGreaterThan(stat.totalTicks, stat.busyTicks)
        XCTAssertGreaterThanOrEqual(stat.cores, 1)
        XCTAssertGreaterThanOrEqual(CPULoad.ownCPUSeconds(), 0)
    }

    /// Two cores, 1 s (200 ticks in all): we used one core for the whole second.
    func testLoadExcludesOurOwnTime() throws {
        func sample(busy: UInt64, total: UInt64, own: Double) -> CPULoad.Sample {
            CPULoad.Sample(stat: ProcStat(busyTicks: busy, totalTicks: total, cores: 2), ownCPUSeconds: own, time: 0)
        }
        let start = sample(busy: 1000, total: 5000, own: 3)
        // The other core idle: only our 100 ticks were busy.
        XCTAssertEqual(
            try XCTUnwrap(
                CPULoad.otherCoresLoad(from: start, to: sample(busy: 1100, total: 5200, own: 4), threads: 1, ticksPerSecond: 100)), 0,
            accuracy: 1e-9)
        // The other core busy 40 ticks of 100.
        XCTAssertEqual(
            try XCTUnwrap(
                CPULoad.otherCoresLoad(from: start, to: sample(busy: 1140, total: 5200, own: 4), threads: 1, ticksPerSecond: 100)), 0.4,
            accuracy: 1e-9)
        // Waiting (we used nothing) while another process used 1.5 cores: more than the free core, clamped.
        XCTAssertEqual(CPULoad.otherCoresLoad(from: start, to: sample(busy: 1150, total: 5200, own: 3), threads: 1, ticksPerSecond: 100), 1)
        // No tick elapsed: unknown.
        XCTAssertNil(CPULoad.otherCoresLoad(from: start, to: start, threads: 1))
    }
}
