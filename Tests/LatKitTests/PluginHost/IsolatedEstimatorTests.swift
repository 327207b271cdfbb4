import Foundation
import XCTest

@testable import LatKit

/// Estimator plugins loaded by path run in a `latkit plugin-worker` child: a plugin that
/// segfaults, aborts, traps, loops forever, calls `exit` or overruns its error buffer costs one
/// line on standard error and exit status 1, never the host.
final class IsolatedEstimatorTests: XCTestCase {
    private let data = TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv"

    /// `latkit train` (which predicts on its training rows after fitting) with the fixture built with `-DFAULT=fault`.
    private func trainWithFault(_ fault: Int, extra: [String] = [], command: String = "train") throws -> (CLIResult, String) {
        let folder = try CFixtures.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let library = try CFixtures.build(
            "Tests/PluginFixtures/crashing_estimator.c", name: "misbehaving\(fault)", in: folder, defines: ["FAULT=\(fault)"])
        var arguments =
            extra + [
                "--plugin-path", TestPaths.builtProducts, command, "--space", "ofa-mbv3-w1.0", "--data", data, "--target",
                "rtx_2080_ti_ms", "--estimator", library, "--train-rows", "0:200",
            ]
        arguments += command == "train" ? ["--out", folder + "/m.model"] : ["--test-rows", "9000:"]
        return (runCLI(arguments, environment: ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()]), library)
    }

    func testEachWayOfDyingBecomesOneLineAndExitStatusOne() throws {
        let trap = ["SIGILL", "SIGTRAP"]
        let cases: [(fault: Int, endings: [String])] = [
            (1, ["crashed in predict: SIGSEGV"]),
            (2, ["crashed in predict: SIGABRT"]),
            (3, trap.map { "crashed in predict: \($0)" }),
            (4, ["timed out after 2 s in fit"]),
            (5, ["exited with status 0 in predict"]),
            (6, ["crashed in predict: SIGSEGV", "crashed in predict: SIGBUS", "crashed in predict: SIGABRT"]),
        ]
        for (fault, endings) in cases {
            let started = Date()
            let (result, library) = try trainWithFault(fault, extra: ["--timeout", "2"])
            XCTAssertEqual(result.status, 1, "fault \(fault): \(result.err)")
            let lines = result.err.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            XCTAssertEqual(lines.count, 1, "fault \(fault): \(result.err)")
            let prefix = "latkit train: plugin 'crashing-linear' (\(library)) "
            XCTAssertTrue(lines.first?.hasPrefix(prefix) == true, "fault \(fault): \(result.err)")
            XCTAssertTrue(endings.contains { lines.first?.contains($0) == true }, "fault \(fault): \(result.err)")
            XCTAssertLessThan(Date().timeIntervalSince(started), 30, "fault \(fault)")
        }
    }

    /// A C++ exception no one catches ends in `std::terminate`: SIGABRT, with the runtime's last
    /// line from the worker's captured standard error on the same single line.
    func testAnUncaughtCppExceptionIsACrashWithItsLastWords() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = folder + "/liblatkit_throwing.so"
        try Toolchain.succeed(
            "c++",
            [
                "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-I", TestPaths.repository + "/SDK/include", "-DFAULT=7", "-x", "c",
                TestPaths.repository + "/Tests/PluginFixtures/crashing_estimator.c", "-x", "c++",
                TestPaths.repository + "/Tests/PluginFixtures/crashing_estimator_throw.cpp", "-o", library,
            ])
        let result = runCLI(
            [
                "--plugin-path", TestPaths.builtProducts, "train", "--space", "ofa-mbv3-w1.0", "--data", data, "--target", "rtx_2080_ti_ms",
                "--estimator", library, "--train-rows", "0:100", "--out", folder + "/m.model",
            ], environment: ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()])
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertEqual(
            result.err,
            "latkit train: plugin 'crashing-linear' (\(library)) crashed in predict: SIGABRT (its last words: what():  an exception no plugin code caught)\n"
        )
    }

    func testBenchNamesTheCrashToo() throws {
        let (result, library) = try trainWithFault(1, command: "bench")
        XCTAssertEqual(result.status, 1, result.err)
        let last = result.err.split(separator: "\n").last.map(String.init)
        XCTAssertEqual(last, "latkit bench: plugin 'crashing-linear' (\(library)) crashed in predict: SIGSEGV")
    }

    /// The real executable, as a user runs it: the crash is one line on the terminal, no backtrace.
    func testTheExecutableShowsOneLineAndNoBacktrace() throws {
        let latkit = try TestPaths.latkitExecutable()
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try CFixtures.build(
            "Tests/PluginFixtures/crashing_estimator.c", name: "misbehaving", in: folder, defines: ["FAULT=2"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: latkit)
        process.arguments = [
            "train", "--space", "ofa-mbv3-w1.0", "--data", data, "--target", "rtx_2080_ti_ms", "--estimator", library, "--train-rows",
            "0:100", "--out", folder + "/m.model",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertEqual(text, "latkit train: plugin 'crashing-linear' (\(library)) crashed in predict: SIGABRT\n")
    }

    /// The plain-C example gives the same predictions isolated and in-process, and a model one
    /// of them saved loads in the other.
    func testAWellBehavedPluginPredictsTheSameIsolated() throws {
        let latkit = try TestPaths.latkitExecutable()
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder)
        let environment = ["LATKIT_EXECUTABLE": latkit]
        let plugins = ["--plugin-path", TestPaths.builtProducts]
        var outputs: [String] = []
        for (trainMode, predictMode) in [("--isolate", "--no-isolate"), ("--no-isolate", "--isolate"), ("--isolate", "--isolate")] {
            let model = folder + "/m\(outputs.count).model"
            let train = runCLI(
                [trainMode] + plugins + [
                    "train", "--space", "ofa-mbv3-w1.0", "--data", data, "--target", "rtx_2080_ti_ms", "--estimator", library,
                    "--train-rows", "0:500", "--out", model,
                ], environment: environment)
            XCTAssertEqual(train.status, 0, train.err)
            let predict = runCLI([predictMode] + plugins + ["predict", "--model", model, "--archs", data], environment: environment)
            XCTAssertEqual(predict.status, 0, predict.err)
            XCTAssertEqual(predict.out.split(separator: "\n").count, 10_001)
            outputs.append(predict.out)
        }
        XCTAssertEqual(Set(outputs).count, 1, "isolated and in-process predictions differ")

        // The typed API: the same fitted state, the same numbers, standard deviations included.
        let catalog = PluginCatalog()
        try catalog.load(file: library)
        let inProcess = try catalog.estimator("example-c-linear")
        catalog.isolation = IsolationPolicy(mode: .always, executable: latkit)
        let isolated = try catalog.estimator("example-c-linear")
        XCTAssertTrue(isolated is IsolatedEstimator)
        XCTAssertEqual(isolated.requirements, inProcess.requirements)
        let rows = try OFAPaperData.latencyRows()
        let cost = { (rows: ArraySlice<OFAPaperData.Row>, targets: Bool) -> ArchitectureBatch in
            ArchitectureBatch(
                searchSpace: "ofa-mbv3-w1.0", count: rows.count, architectures: rows.map { "\($0.r)" },
                costs: rows.map { Cost(macs: Double($0.r * $0.e.reduce(0, +) * $0.d.reduce(0, +)), params: 1) },
                targets: targets ? rows.map { $0.numbers["rtx_2080_ti_ms"]! } : nil)
        }
        try isolated.fit(train: cost(rows[0..<300], true), validation: nil, seed: 1, progress: nil)
        try inProcess.load(try isolated.save())
        let test = cost(rows[9000..<9256], false)
        XCTAssertEqual(try isolated.predict(test), try inProcess.predict(test))
        // Errors read the same on both sides: the plugin's own (predict before fit), and the
        // host's check of a batch that lacks the declared views.
        let unfittedIsolated = try catalog.estimator("example-c-linear")
        catalog.isolation = .inProcess
        let unfittedLocal = try catalog.estimator("example-c-linear")
        let viewless = ArchitectureBatch(searchSpace: "any", count: 2)
        for (pair, batch) in [((unfittedIsolated, unfittedLocal), test), ((isolated, inProcess), viewless)] {
            var errors: [String] = []
            for estimator in [pair.0, pair.1] {
                XCTAssertThrowsError(try estimator.predict(batch)) { errors.append("\($0)") }
            }
            XCTAssertEqual(errors.count, 2)
            XCTAssertEqual(errors.first, errors.last)
        }
    }

    /// Progress reports come back from the child, and a handler's "stop" cancels the plugin there.
    func testProgressAndCancellingCrossTheProcessBoundary() throws {
        let catalog = try TestPaths.catalog("mlp")
        catalog.isolation = IsolationPolicy(mode: .always, executable: try TestPaths.latkitExecutable())
        let estimator = try catalog.estimator("mlp", options: ["epochs": "50"])
        let train = try OFAPaperData.batch(try OFAPaperData.latencyRows()[0..<300], target: "rtx_2080_ti_ms")
        var reports = 0
        XCTAssertThrowsError(
            try estimator.fit(train: train, validation: nil, seed: 1) { _, _ in
                reports += 1
                return reports < 3
            }
        ) { error in
            XCTAssertEqual((error as? PluginCallError)?.status, 4, "\(error)")  // LATKIT_ERR_CANCELLED
        }
        XCTAssertEqual(reports, 3)
        // The worker is still there after a cancelled call.
        try estimator.fit(train: train, validation: nil, seed: 1, progress: nil)
    }

    /// `plugins check` runs each check of an isolated estimator in its own child: a crash fails
    /// the checks it happens in and the run goes on to the end; a sound plugin passes isolated.
    func testPluginsCheckSurvivesACrashingEstimator() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()]
        let crashing = try CFixtures.build("Tests/PluginFixtures/crashing_estimator.c", name: "crashing", in: folder, defines: ["FAULT=1"])
        let result = runCLI(["plugins", "check", crashing], environment: environment)
        XCTAssertEqual(result.status, 1, result.out + result.err)
        XCTAssertTrue(result.out.contains("plugin 'crashing-linear' (\(crashing)) crashed in predict: SIGSEGV"), result.out)
        XCTAssertTrue(result.out.contains(" failed, "), result.out)
        let example = try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder)
        let sound = runCLI(["--isolate", "plugins", "check", example], environment: environment)
        XCTAssertEqual(sound.status, 0, sound.out + sound.err)
        XCTAssertTrue(sound.out.contains(" 0 failed, "), sound.out)
    }

    func testAutomaticPolicyIsolatesOnlyPluginsOutsideTheShippedFolder() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try TestPaths.catalog("mlp")
        try catalog.load(file: try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder))
        var policy = IsolationPolicy(mode: .automatic, executable: "/bin/latkit", shippedFolders: [TestPaths.builtProducts])
        XCTAssertFalse(policy.isolates(try catalog.plugin(named: "mlp")))
        XCTAssertTrue(policy.isolates(try catalog.plugin(named: "example-c-linear")))
        policy.mode = .never
        XCTAssertFalse(policy.isolates(try catalog.plugin(named: "example-c-linear")))
        policy.mode = .always
        XCTAssertTrue(policy.isolates(try catalog.plugin(named: "mlp")))
        // plugins check isolates even shipped plugins, unless told not to or unable to.
        XCTAssertTrue(
            IsolationPolicy(mode: .automatic, executable: "/bin/latkit", shippedFolders: [TestPaths.builtProducts]).forCheckingPlugins
                .isolates(try catalog.plugin(named: "mlp")))
        XCTAssertFalse(
            IsolationPolicy(mode: .never, executable: "/bin/latkit").forCheckingPlugins.isolates(try catalog.plugin(named: "mlp")))
        XCTAssertFalse(
            IsolationPolicy(mode: .automatic, executable: nil).forCheckingPlugins.isolates(try catalog.plugin(named: "example-c-linear")))
        // Without a latkit executable to start, automatic keeps everything in-process.
        policy = IsolationPolicy(mode: .automatic, executable: nil, shippedFolders: [TestPaths.builtProducts])
        XCTAssertFalse(policy.isolates(try catalog.plugin(named: "example-c-linear")))
        XCTAssertEqual(runCLI(["--isolate", "--no-isolate", "plugins", "list"]).status, 2)
        XCTAssertEqual(runCLI(["plugins", "list", "--timeout", "soon"]).status, 2)
    }

    /// A pipeline evaluator's `"isolate"` replaces the automatic choice for its plugin, and only
    /// that: `--isolate` and `--no-isolate` (modes always and never) win over it.
    func testAPipelineEvaluatorsIsolateSettingReplacesTheAutomaticChoice() throws {
        let latkit = try TestPaths.latkitExecutable()
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try TestPaths.catalog("mlp")
        try catalog.load(file: try CFixtures.build("SDK/examples/c_estimator/linear_cost_estimator.c", name: "example_c", in: folder))
        catalog.isolation = IsolationPolicy(mode: .automatic, executable: latkit, shippedFolders: [TestPaths.builtProducts])
        XCTAssertTrue(try catalog.estimator("mlp") is PluginEstimator)
        XCTAssertTrue(try catalog.estimator("mlp", isolate: true) is IsolatedEstimator)
        XCTAssertTrue(try catalog.estimator("example-c-linear") is IsolatedEstimator)
        XCTAssertTrue(try catalog.estimator("example-c-linear", isolate: false) is PluginEstimator)
        catalog.isolation.mode = .never
        XCTAssertTrue(try catalog.estimator("mlp", isolate: true) is PluginEstimator)
        catalog.isolation.mode = .always
        XCTAssertTrue(try catalog.estimator("example-c-linear", isolate: false) is IsolatedEstimator)

        let pipeline = try PipelineFile.parse(
            Data(
                """
                {"version": 1, "space": {"name": "ofa-mbv3-w1.0"},
                 "evaluators": {"lat": {"type": "latency", "table": "t.csv", "isolate": true},
                                "acc": {"type": "accuracy", "estimator": "mlp-accuracy", "isolate": false}, "macs": {"type": "macs"}},
                 "objectives": [{"evaluator": "acc"}], "strategy": {"name": "random", "isolate": true}}
                """.utf8), file: folder + "/p.json")
        XCTAssertEqual(pipeline.evaluators.map(\.name), ["acc", "lat", "macs"])
        XCTAssertEqual(pipeline.evaluators.map(\.isolate), [false, true, nil])
        XCTAssertNil(pipeline.isolateSpace)
        XCTAssertEqual(pipeline.isolateStrategy, true)
        // The space and the strategy follow the same rule as estimators.
        let search = try TestPaths.catalog("nasbench201", "search")
        search.isolation = IsolationPolicy(mode: .automatic, executable: latkit, shippedFolders: [TestPaths.builtProducts])
        XCTAssertTrue(try search.searchSpace("nasbench201") is PluginSearchSpace)
        XCTAssertTrue(try search.searchSpace("nasbench201", isolate: true) is IsolatedSearchSpace)
        XCTAssertTrue(try search.searchStrategy("random", isolate: true) is IsolatedSearchStrategy)
        search.isolation.mode = .never
        XCTAssertTrue(try search.searchStrategy("random", isolate: true) is PluginSearchStrategy)
        XCTAssertThrowsError(
            try PipelineFile.parse(
                Data(
                    """
                    {"version": 1, "space": {"name": "s"}, "evaluators": {"lat": {"type": "latency", "table": "t", "isolate": "yes"}},
                     "objectives": [{"evaluator": "lat"}], "strategy": {"name": "random"}}
                    """.utf8), file: "/p.json")
        ) { XCTAssertEqual("\($0)", "/p.json: evaluators.lat.isolate: expected true or false, got a string") }
        XCTAssertThrowsError(
            try PipelineFile.parse(
                Data(
                    """
                    {"version": 1, "space": {"name": "s", "isolate": 1}, "evaluators": {"m": {"type": "macs"}},
                     "objectives": [{"evaluator": "m"}], "strategy": {"name": "random"}}
                    """.utf8), file: "/p.json")
        ) { XCTAssertEqual("\($0)", "/p.json: space.isolate: expected true or false, got a number") }
    }

    func testBinaryBatchesRoundTrip() throws {
        let batch = ArchitectureBatch(
            searchSpace: "s", count: 2, architectures: ["a", "bé"],
            features: FeatureMatrix(values: [1, 2, 3, 4, 5, 6], rows: 2, columns: 3, encoding: "one-hot"),
            operators: [[Operator(key: "conv", count: 2)], []], costs: [Cost(macs: 1, params: 2), Cost(macs: 3, params: 4)],
            devices: DeviceRows(featureNames: ["cores"], values: [4, 8], deviceIDs: ["x", "y"], batchSizes: [1, 32]),
            targets: [0.5, 1.5])
        var writer = BinaryWriter()
        try WorkerWire.write(batch, to: &writer)
        var reader = BinaryReader(writer.bytes)
        let back = try WorkerWire.readBatch(&reader)
        XCTAssertEqual(reader.remaining, 0)
        XCTAssertEqual(back.architectures, batch.architectures)
        XCTAssertEqual(back.features, batch.features)
        XCTAssertEqual(back.operators, batch.operators)
        XCTAssertEqual(back.costs, batch.costs)
        XCTAssertEqual(back.devices, batch.devices)
        XCTAssertEqual(back.targets, batch.targets)
        var truncated = BinaryReader(Array(writer.bytes.dropLast()))
        XCTAssertThrowsError(try WorkerWire.readBatch(&truncated))

        // A view whose size is not the batch's row count, and a row count over the limit, are
        // refused before anything is allocated for them.
        var short = batch
        short.targets = [0.5]
        var shortWriter = BinaryWriter()
        try WorkerWire.write(short, to: &shortWriter)
        var shortReader = BinaryReader(shortWriter.bytes)
        XCTAssertThrowsError(try WorkerWire.readBatch(&shortReader))
        var huge = BinaryWriter()
        try WorkerWire.write(ArchitectureBatch(searchSpace: "s", count: 1 << 40), to: &huge)
        var hugeReader = BinaryReader(huge.bytes)
        XCTAssertThrowsError(try WorkerWire.readBatch(&hugeReader)) {
            XCTAssertEqual("\($0)", "a batch of 1099511627776 rows is over the worker's limit of 16777216")
        }
    }

    func testRequestsDecodeWholeOrNotAtAll() throws {
        var predict = BinaryWriter()
        predict.u8(WorkerWire.Request.predict.rawValue)
        try WorkerWire.write(ArchitectureBatch(searchSpace: "s", count: 1, costs: [Cost(macs: 1, params: 1)]), to: &predict)
        guard case .predict(let batch) = try WorkerWire.decodeRequest(predict.bytes) else { return XCTFail("not a predict") }
        XCTAssertEqual(batch.costs, [Cost(macs: 1, params: 1)])
        XCTAssertThrowsError(try WorkerWire.decodeRequest([])) { XCTAssertEqual("\($0)", "not a request (first byte missing)") }
        XCTAssertThrowsError(try WorkerWire.decodeRequest([99])) { XCTAssertEqual("\($0)", "not a request (first byte 99)") }
        XCTAssertThrowsError(try WorkerWire.decodeRequest([WorkerWire.Request.load.rawValue, 1]))
    }
}
