import Foundation
import XCTest

@testable import LatKit

/// Every parser of outside data, fed seeded random mutations of real inputs for a bounded time:
/// latency CSVs (through the data set reader), architecture strings of every shipped space,
/// model files, lookup tables (YAML and CSV, through the `lut` plugin), pipeline files and the
/// plugin worker's requests. None
/// may crash or hang; each input is accepted or refused with an error. The counts are printed
/// (`fuzz <target>: N inputs ...`) for the README's reliability section. The budget per target is
/// 2 s, or `LATKIT_FUZZ_SECONDS`. Inputs that ever failed stay in `Tests/FuzzCorpus/<target>/`
/// and are replayed first, every run.
final class ParserFuzzTests: XCTestCase {
    private var budget: Double { ProcessInfo.processInfo.environment["LATKIT_FUZZ_SECONDS"].flatMap { Double($0) } ?? 2 }

    /// Replays the target's regression corpus, then fuzzes; fails on an input slower than 10 s.
    private func fuzz(_ target: String, seeds: [[UInt8]], seed: UInt64, _ parse: ([UInt8]) throws -> Void) {
        let corpus = TestPaths.repository + "/Tests/FuzzCorpus/" + target
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).sorted() {
            let bytes = [UInt8](FileManager.default.contents(atPath: corpus + "/" + name) ?? Data())
            _ = try? parse(bytes)
        }
        // The seeds themselves are valid: mutations start from inputs that reach the parser's depth.
        for input in seeds { XCTAssertNoThrow(try parse(input), "\(target): a seed input is refused") }
        let report = MutationFuzzer(seeds: seeds, seed: seed).run(budget: budget, parse)
        print(
            "fuzz \(target): \(report.inputs) inputs in \(budget) s, \(report.accepted) accepted, \(report.refused) refused, "
                + String(format: "slowest %.3f s", report.slowest))
        XCTAssertGreaterThan(report.inputs, 0)
        XCTAssertLessThan(report.slowest, 10, "an input took \(report.slowest) s: a hang")
    }

    /// The first `lines` lines of a file, as bytes (split on the byte 0x0A: a "\r\n" file is one
    /// Swift Character per line end, so `String.split` on "\n" would not split it).
    private func head(_ path: String, lines: Int) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestPaths.repository + "/" + path)))
        var end = 0
        for _ in 0..<lines {
            guard let next = bytes[end...].firstIndex(of: 0x0A) else { return bytes }
            end = next + 1
        }
        return Array(bytes[..<end])
    }

    func testLatencyCSVReaders() throws {
        let catalog = try TestPaths.catalog("ofa", "nasbench201")
        let ofa = try catalog.searchSpace("ofa-mbv3-w1.0")
        let nb201 = try catalog.searchSpace("nasbench201")
        let seeds = [
            try head("data/ofanas_paper/ofa_paper_latency.csv", lines: 12), try head("data/help_nasbench201/latency_wide.csv", lines: 12),
        ]
        fuzz("latency-csv", seeds: seeds, seed: 1) { bytes in
            let table = try CSVTable(text: String(decoding: bytes, as: UTF8.self), source: "fuzz.csv")
            let space = table.header.contains("arch_str") ? nb201 : ofa
            let target = table.header.contains("arch_str") ? "pixel3" : "rtx_2080_ti_ms"
            _ = try LatencyDataset(table: table, space: space, options: .init(target: target, skipBadRows: true))
        }
    }

    func testArchitectureStringsOfEverySpace() throws {
        let catalog = try TestPaths.catalog("ofa", "nasbench201", "fbnet")
        for (index, name) in ["ofa-mbv3-w1.0", "ofa-mbv3-w1.2", "nasbench201", "fbnet"].enumerated() {
            let space = try catalog.searchSpace(name)
            let seeds = try space.sample(count: 8, seed: 3).map { Array($0.utf8) }
            fuzz("architecture-\(name)", seeds: seeds, seed: UInt64(10 + index)) { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                let canonical = try space.canonicalize([text])
                // What is accepted must be usable: its encoding is computed.
                _ = try space.encode(canonical, encoding: space.encodings[0])
            }
        }
    }

    func testModelFiles() throws {
        let seeds = try ["pipelines/models/note10_lut_fitted.lkm", "pipelines/models/tesla_p40_lut_fitted.lkm"].map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestPaths.repository + "/" + $0)))
        }
        fuzz("model-file", seeds: seeds, seed: 20) { bytes in _ = try ModelFile.decode(bytes, path: "fuzz.lkm") }
    }

    func testLookupTablesInYAMLAndCSV() throws {
        let catalog = try TestPaths.catalog("ofa", "lut")
        let space = try catalog.searchSpace("ofa-mbv3-w1.2", options: ["resolutions": "160"])
        let architecture = try space.sample(count: 1, seed: 5)
        let folder = try TemporaryFolder()
        for (format, source) in [
            ("yaml", "data/ofanas_paper/note10_lut_yaml/160_lookup_table.yaml"),
            ("csv", "data/ofanas_paper/note10_lut_all_resolutions.csv"),
        ] {
            let path = folder.path + "/160_lookup_table.\(format)"
            fuzz("lookup-table-\(format)", seeds: [try head(source, lines: format == "yaml" ? 400 : 97)], seed: format == "yaml" ? 30 : 31)
            { bytes in
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let estimator = try catalog.estimator("lut", options: ["table": path])
                let batch = try BatchPreparer(space: space).batch(architecture, for: estimator)
                _ = try estimator.predict(batch)
            }
        }
    }

    func testPipelineFiles() throws {
        let folder = TestPaths.repository + "/pipelines"
        let seeds = try ["note10_lut_evolution.json", "two_devices_w10.json", "note10_nsga2.json"].map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        }
        fuzz("pipeline-file", seeds: seeds, seed: 40) { bytes in _ = try PipelineFile.parse(Data(bytes), file: folder + "/fuzz.json") }
    }

    /// The plugin worker's side of the isolation protocol: requests as `IsolatedEstimator` sends
    /// them (a fit with every view and a validation batch, a predict, a load), mutated. A request
    /// is decoded whole or refused; no row count from the wire allocates beyond the batch limit.
    func testWorkerProtocolRequests() throws {
        let batch = ArchitectureBatch(
            searchSpace: "ofa-mbv3-w1.0", count: 2, architectures: ["a", "b"],
            features: FeatureMatrix(values: [1, 0, 0, 1, 0.5, 0.25], rows: 2, columns: 3, encoding: "paper128"),
            operators: [[Operator(key: "conv 3x3", count: 2)], [Operator(key: "conv 3x3", count: 1), Operator(key: "fc", count: 1)]],
            costs: [Cost(macs: 2e8, params: 5e6), Cost(macs: 3e8, params: 6e6)],
            devices: DeviceRows(featureNames: ["cores", "memory"], values: [1, 2, 3, 4], deviceIDs: ["x", "y"], batchSizes: [1, 64]),
            targets: [10.5, 12.25])
        var fit = BinaryWriter()
        fit.u8(WorkerWire.Request.fit.rawValue)
        try WorkerWire.write(batch, to: &fit)
        fit.u8(1)
        try WorkerWire.write(batch, to: &fit)
        fit.u64(7)
        var predict = BinaryWriter()
        predict.u8(WorkerWire.Request.predict.rawValue)
        try WorkerWire.write(ArchitectureBatch(searchSpace: "s", count: 1, costs: [Cost(macs: 1, params: 1)]), to: &predict)
        var load = BinaryWriter()
        load.u8(WorkerWire.Request.load.rawValue)
        load.blob(Array("LKST state bytes".utf8))
        fuzz("worker-request", seeds: [fit.bytes, predict.bytes, load.bytes], seed: 50) { bytes in
            _ = try WorkerWire.decodeRequest(bytes)
        }
    }

    /// The worker's side of an isolated search space: requests as `IsolatedSearchSpace` sends
    /// them (canonicalize, from_fields, mutate, crossover, encode, operators, sample), mutated,
    /// answered by the shipped NAS-Bench-201 space in-process. A request is answered or refused
    /// (malformed, or the space's own error); none crashes or runs away.
    func testWorkerSearchSpaceRequests() throws {
        let space = try XCTUnwrap(try TestPaths.catalog("nasbench201").searchSpace("nasbench201") as? PluginSearchSpace)
        let archs = try space.sample(count: 2, seed: 1)
        func request(_ code: WorkerWire.Request, _ fill: (inout BinaryWriter) -> Void) -> [UInt8] {
            var body = BinaryWriter()
            body.u8(code.rawValue)
            fill(&body)
            return body.bytes
        }
        let seeds = [
            request(.canonicalize) { $0.strings(archs) },
            request(.fromFields) {
                $0.i64(1)
                $0.strings(archs)
            },
            request(.mutate) {
                ArchitectureVariation.mutate(parents: archs, seed: 3, mutationProbability: 0.5, resolutionProbability: 0.5).write(to: &$0)
            },
            request(.crossover) { ArchitectureVariation.crossover(first: archs, second: archs.reversed(), seed: 4).write(to: &$0) },
            request(.encode) {
                $0.strings(archs)
                $0.u8(1)
                $0.string("onehot")
            },
            request(.operators) { $0.strings(archs) },
            request(.sample) { ArchitectureVariation.sample(count: 4, seed: 9).write(to: &$0) },
        ]
        fuzz("worker-space-request", seeds: seeds, seed: 60) { bytes in
            _ = try PluginWorker.answerSearchSpace(space, try WorkerWire.decodeRequest(bytes))
        }
    }
}
