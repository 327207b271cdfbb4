import Foundation
import XCTest

@testable import LatKit

/// What isolation costs: a 256-architecture `mlp` predict in a `latkit plugin-worker` child
/// against the same predict in-process, median of 21 interleaved calls each. Run by hand in release:
/// `LATKIT_BENCH=1 swift test -c release --filter IsolationBenchmark`; skipped otherwise.
final class IsolationBenchmark: XCTestCase {
    func testIsolatedMLPPredictOverhead() throws {
        guard ProcessInfo.processInfo.environment["LATKIT_BENCH"] == "1" else {
            throw XCTSkip("benchmark: set LATKIT_BENCH=1 and build in release")
        }
        let latkit = TestPaths.builtProducts + "/latkit"
        guard FileManager.default.isExecutableFile(atPath: latkit) else { throw XCTSkip("no built latkit at \(latkit)") }
        let rows = try OFAPaperData.latencyRows()
        let catalog = try TestPaths.catalog("mlp")
        let inProcess = try catalog.estimator("mlp", options: ["epochs": "5"])
        try inProcess.fit(train: try OFAPaperData.batch(rows[0..<2000], target: "rtx_2080_ti_ms"), validation: nil, seed: 1, progress: nil)
        catalog.isolation = IsolationPolicy(mode: .always, executable: latkit)
        let isolated = try catalog.estimator("mlp", options: ["epochs": "5"])
        try isolated.load(try inProcess.save())
        let batch = try OFAPaperData.batch(rows[9000..<9256], target: nil)

        XCTAssertEqual(try isolated.predict(batch), try inProcess.predict(batch))
        // Interleaved, so that a busy moment on the machine falls on both alike.
        var local: [Double] = []
        var remote: [Double] = []
        func time(_ estimator: LatencyEstimator, into times: inout [Double]) throws {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try estimator.predict(batch)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        for _ in 0..<21 {
            try time(inProcess, into: &local)
            try time(isolated, into: &remote)
        }
        let (localMedian, remoteMedian) = (local.sorted()[10], remote.sorted()[10])
        print(
            String(
                format: "BENCH isolation: mlp predict of 256 architectures, median of 21: in-process %.3f ms, isolated %.3f ms (%.2fx)",
                localMedian, remoteMedian, remoteMedian / localMedian))
        XCTAssertLessThan(remoteMedian, 2 * localMedian + 1, "isolation should cost well under the predict itself")
    }
}
