import Foundation
import XCTest

@testable import LatKit

/// The `external` profiler (Plugins/ExternalProfiler): workers written here as small POSIX sh
/// scripts speak SDK/WORKER_PROTOCOL.md, well or badly, through `latkit profile` and through the
/// profiler API. The example Python workers run only where their packages are installed.
final class ExternalProfilerTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    override func tearDown() {
        folder = nil
    }

    private func cli(_ arguments: [String]) -> CLIResult {
        runCLI(["--plugin-path", TestPaths.builtProducts] + arguments)
    }

    /// `latkit profile` of `count` OFA networks with the worker `command` and extra options.
    private func profile(_ command: String, count: Int = 5, db: String? = nil, _ options: [String] = []) -> CLIResult {
        cli(
            [
                "profile", "--space", "ofa-mbv3-w1.0", "-n", String(count), "--seed", "3", "--db", db ?? folder.path + "/m.sqlite",
                "--profiler", "external", "--profiler-option", "command=\(command)",
            ] + options.flatMap { ["--profiler-option", $0] })
    }

    private func stored(_ db: String? = nil) throws -> [StoredMeasurement] {
        try SQLiteMeasurementStore(path: db ?? folder.path + "/m.sqlite").measurements(MeasurementFilter(kind: .network))
    }

    /// The lines of a file the workers append to (empty when it does not exist).
    private func lines(_ name: String) -> [String] {
        ((try? String(contentsOfFile: folder.path + "/" + name, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// A worker script: `body` runs after the handshake, with `$LOG` the folder for its logs; every
    /// started worker appends its pid ($$: the command is `exec sh FILE`, so the process latkit
    /// started) to `started`.
    private func worker(_ name: String, handshake: String? = nil, _ body: String) throws -> String {
        let hello = handshake ?? #"{"protocol": "latkit-worker/1", "device": {"name": "sh-worker", "kind": "cpu", "cores": 2}}"#
        let script = """
            LOG='\(folder.path)'
            echo $$ >> "$LOG/started"
            printf '%s\\n' '\(hello)'
            \(body)
            """
        return "exec sh " + (try folder.write(name, script))
    }

    /// Reads a request's id (requests start with {"id": N).
    private static let readID = #"id=$(printf '%s\n' "$line" | sed -n 's/^{"id": *\([0-9]*\).*/\1/p')"#

    private func isGone(_ pid: pid_t) -> Bool { kill(pid, 0) == -1 && errno == ESRCH }

    /// A process that no longer runs: gone, or a zombie waiting for an init that reaps orphans
    /// (a worker's own children are not latkit's to reap).
    private func isDead(_ pid: pid_t) -> Bool {
        if isGone(pid) { return true }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    // MARK: Well-behaved

    func testAWellBehavedWorkerMeasuresAndItsResultsAreStored() throws {
        let command = try worker(
            "good.sh",
            """
            while IFS= read -r line; do
              printf '%s\\n' "$line" >> "$LOG/requests"
              \(Self.readID)
              echo "{\\"id\\": $id, \\"mean_ms\\": 1.5, \\"std_ms\\": 0.1, \\"min_ms\\": 1.25, \\"median_ms\\": 1.5, \\"runs\\": 7, \\"machine_load\\": 0.25}"
            done
            """)
        for models in ["file", "none"] {
            let db = folder.path + "/\(models).sqlite"
            let result = profile(command, db: db, ["models=\(models)"])
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertTrue(result.err.contains("on 'sh-worker' with external"), result.err)
            XCTAssertTrue(result.err.contains("measured 5, already stored 0, failed 0"), result.err)
            let rows = try stored(db)
            XCTAssertEqual(rows.count, 5)
            XCTAssertEqual(
                rows.first?.measurement, Measurement(meanMs: 1.5, stdMs: 0.1, minMs: 1.25, medianMs: 1.5, machineLoad: 0.25, runs: 7))
            XCTAssertEqual(rows.first?.series.device, "sh-worker")
        }
        // One request per network, ids counting up, the protocol's fields; no model path, as the
        // space exports no models on this branch (and models=none never sends one).
        let requests = lines("requests")
        XCTAssertEqual(requests.count, 10)
        let archs = try stored(folder.path + "/none.sqlite").map(\.item)
        for (index, request) in requests.suffix(5).enumerated() {
            XCTAssertTrue(
                request.hasPrefix(#"{"id": \#(index + 1), "kind": "network", "space": "ofa-mbv3-w1.0", "item": "\#(archs[index])""#),
                request)
            XCTAssertTrue(request.hasSuffix(#""batch_size": 1, "warmup": 10, "runs": 50, "threads": 1}"#), request)
            XCTAssertFalse(request.contains("model_path"), request)
        }
        // Each run started one worker, which was reaped when the profiler was released.
        let pids = lines("started").compactMap { pid_t($0) }
        XCTAssertEqual(pids.count, 2)
        XCTAssertTrue(pids.allSatisfy(isGone), "every worker reaped: \(pids)")
    }

    func testTheProfilerAPIDescribesTheDeviceAndSendsModelsAsFiles() throws {
        let command = try worker(
            "model.sh",
            handshake:
                #"{"protocol": "latkit-worker/1.2", "device": {"name": "board", "kind": "npu", "tops": 4.5, "fp16": true, "extra": {"x": 1}}}"#,
            """
            while IFS= read -r line; do
              printf '%s\\n' "$line" >> "$LOG/requests"
              \(Self.readID)
              path=$(printf '%s\\n' "$line" | sed -n 's/.*"model_path": "\\([^"]*\\)".*/\\1/p')
              if [ -n "$path" ]; then size=$(wc -c < "$path"); else size=2; fi
              echo "{\\"id\\": $id, \\"mean_ms\\": $size}"
            done
            """)
        let catalog = try TestPaths.catalog("external")
        var profiler: Profiler? = try catalog.profiler("external", options: ["command": command])
        let description = try profiler!.describeDevice()
        XCTAssertEqual(description.map(\.key), ["name", "kind", "tops", "fp16"], "scalars kept in order, objects left out")
        XCTAssertEqual(description.map(\.value), ["board", "npu", "4.5", "true"])

        let bytes = (0..<1234).map { UInt8($0 % 251) }
        let models = RunnableModels(format: "onnx", models: [RunnableModel(bytes: bytes, inputShape: (3, 32, 40))])
        var network = ArchitectureBatch(searchSpace: "toy", count: 1, architectures: ["net-a"])
        network.models = models
        network.costs = [Cost(macs: 1e6, params: 1e3)]
        let settings = MeasurementSettings(warmupRuns: 2, timedRuns: 9, batchSize: 4, threads: 3)
        var measured = try profiler!.measure(network, settings: settings, progress: nil)
        XCTAssertEqual(measured, [Measurement(meanMs: 1234, stdMs: 0, minMs: 1234, medianMs: 1234, machineLoad: nil, runs: 9)])

        // Without the cost view the item is a single operator.
        var single = ArchitectureBatch(searchSpace: "toy", count: 1, architectures: ["Conv-input:32x40x3-output:16x20x8"])
        single.models = models
        measured = try profiler!.measure(single, settings: MeasurementSettings(), progress: nil)
        XCTAssertEqual(measured.map(\.meanMs), [1234])

        let requests = lines("requests")
        XCTAssertEqual(requests.count, 2)
        let path = try XCTUnwrap(requests.first?.components(separatedBy: #""model_path": ""#).last?.components(separatedBy: "\"").first)
        XCTAssertEqual(
            requests.first,
            #"{"id": 1, "kind": "network", "space": "toy", "item": "net-a", "model_path": "\#(path)", "model_format": "onnx", "#
                + #""input_shape": [3, 32, 40], "batch_size": 4, "warmup": 2, "runs": 9, "threads": 3}"#)
        XCTAssertTrue(requests.last!.contains(#""kind": "operator""#), requests.last!)
        XCTAssertTrue(requests.last!.hasSuffix(#""batch_size": 0, "warmup": 0, "runs": 0, "threads": 0}"#), requests.last!)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the model file is removed after its measurement")
        let modelFolder = (path as NSString).deletingLastPathComponent
        XCTAssertTrue(FileManager.default.fileExists(atPath: modelFolder))
        profiler = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: modelFolder), "the temporary folder goes with the profiler")

        // models=none sends the shape but no file.
        profiler = try catalog.profiler("external", options: ["command": command, "models": "none"])
        XCTAssertEqual(try profiler!.measure(network, settings: settings, progress: nil).map(\.meanMs), [2])
        XCTAssertFalse(lines("requests").last!.contains("model_path"))
        XCTAssertTrue(lines("requests").last!.contains(#""input_shape": [3, 32, 40]"#))
        profiler = nil
        XCTAssertTrue(lines("started").compactMap { pid_t($0) }.allSatisfy(isGone))
    }

    // MARK: Failing workers

    func testAWorkerThatCrashesIsRestartedAndTheRestMeasured() throws {
        // Every worker answers three requests, then dies on the fourth.
        let command = try worker(
            "crash.sh",
            """
            count=0
            while IFS= read -r line; do
              count=$((count + 1))
              if [ "$count" -gt 3 ]; then echo "crash.sh: crashing on purpose" >&2; exit 3; fi
              \(Self.readID)
              echo "{\\"id\\": $id, \\"mean_ms\\": 2}"
            done
            """)
        let result = profile(command, count: 10)
        XCTAssertEqual(result.status, 1, "a failed item makes the run fail")
        XCTAssertTrue(result.err.contains("measured 8, already stored 0, failed 2"), result.err)
        XCTAssertTrue(
            result.err.contains("exited with status 3 during request 4; its stderr: crash.sh: crashing on purpose; restarting it"),
            result.err)
        XCTAssertTrue(result.err.contains("during request 8"), result.err)
        XCTAssertEqual(try stored().count, 8)
        let pids = lines("started").compactMap { pid_t($0) }
        XCTAssertEqual(pids.count, 3, "started once, restarted twice")
        XCTAssertTrue(pids.allSatisfy(isGone), "no zombie: \(pids)")

        // A re-run measures the two that failed.
        XCTAssertEqual(profile(command, count: 10).status, 0)
        XCTAssertEqual(try stored().count, 10)
    }

    func testAWorkerThatHangsIsKilledReapedAndGivenUpOn() throws {
        let command = try worker(
            "hang.sh",
            """
            IFS= read -r line
            echo "hang.sh: thinking forever" >&2
            sleep 300 &
            echo $! >> "$LOG/sleepers"
            wait
            """)
        let started = Date()
        let result = profile(command, count: 4, ["timeout=0.3", "restarts=1"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("measured 0, already stored 0, failed 4"), result.err)
        XCTAssertTrue(
            result.err.contains("did not answer request 1 within 0.3 s (timeout=) and was killed; its stderr: hang.sh: thinking forever"),
            result.err)
        XCTAssertTrue(result.err.contains("restarting it for the next item (1 of 1 in a row)"), result.err)
        XCTAssertTrue(result.err.contains("request 2 within 0.3 s"), result.err)
        XCTAssertTrue(result.err.contains("giving up (restarts=1)"), result.err)
        XCTAssertTrue(result.err.contains("is not restarted: it failed 2 times in a row (restarts=1)"), result.err)
        let pids = lines("started").compactMap { pid_t($0) }
        XCTAssertEqual(pids.count, 2)
        XCTAssertTrue(pids.allSatisfy(isGone), "the workers were reaped: \(pids)")
        let sleepers = lines("sleepers").compactMap { pid_t($0) }
        XCTAssertEqual(sleepers.count, 2)
        // Killed with the worker's process group (an init that does not reap orphans may keep a zombie).
        let deadline = Date().addingTimeInterval(5)
        while !sleepers.allSatisfy(isDead), Date() < deadline { usleep(20_000) }
        XCTAssertTrue(sleepers.allSatisfy(isDead), "what the worker started was killed too: \(sleepers)")
    }

    func testCancellingWhileTheWorkerMeasuresStopsIt() throws {
        // The first worker sleeps on its first request; the ones after it answer at once.
        let command = try worker(
            "slow.sh",
            """
            while IFS= read -r line; do
              \(Self.readID)
              if [ "$id" = 1 ]; then sleep 60; fi
              echo "{\\"id\\": $id, \\"mean_ms\\": 3}"
            done
            """)
        let profiler = try TestPaths.catalog("external").profiler("external", options: ["command": command, "restarts": "0"])
        let batch = ArchitectureBatch(searchSpace: "toy", count: 1, architectures: ["a"])
        let started = Date()
        XCTAssertThrowsError(
            try profiler.measure(batch, settings: MeasurementSettings(), progress: { _, _ in Date().timeIntervalSince(started) < 0.3 })
        ) { error in
            XCTAssertEqual((error as? PluginCallError)?.status, 4, "LATKIT_ERR_CANCELLED: \(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "the wait is cut short, not the 60 s sleep")
        XCTAssertTrue(isGone(pid_t(lines("started")[0])!), "the cancelled worker was killed and reaped")
        // A cancel is not the worker's failure: with restarts=0 the next call still starts one.
        XCTAssertEqual(try profiler.measure(batch, settings: MeasurementSettings(), progress: nil).map(\.meanMs), [3])
        XCTAssertEqual(lines("started").count, 2)
    }

    func testGarbageIsAProtocolErrorAndAWorkersOwnErrorIsNot() throws {
        let garbage = try worker("garbage.sh", "while IFS= read -r line; do echo 'loading model...'; done")
        var result = profile(garbage, count: 3, ["restarts=5"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("failed 3"), result.err)
        XCTAssertTrue(result.err.contains("answered request 1 with a line that is not JSON"), result.err)
        XCTAssertTrue(result.err.contains("'loading model...'"), result.err)
        XCTAssertEqual(lines("started").count, 3, "killed and restarted after each garbage answer")

        let wrongID = try worker("wrong_id.sh", #"while IFS= read -r line; do echo '{"id": 99, "mean_ms": 1}'; done"#)
        result = profile(wrongID, count: 1, ["restarts=0"])
        XCTAssertTrue(
            result.err.contains(#"answered request 1 with something other than {"id": 1, ...}: '{"id": 99, "mean_ms": 1}'"#), result.err)

        let refusing = try worker(
            "refusing.sh",
            """
            while IFS= read -r line; do
              \(Self.readID)
              echo "{\\"id\\": $id, \\"error\\": \\"out of memory\\"}"
            done
            """)
        let before = lines("started").count
        result = profile(refusing, count: 3, ["restarts=0"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("failed 3"), result.err)
        XCTAssertTrue(result.err.contains("worker `exec sh \(folder.path)/refusing.sh` could not measure it: out of memory"), result.err)
        XCTAssertEqual(lines("started").count, before + 1, "a worker that answers is not restarted")

        let invalid = try worker(
            "invalid.sh",
            """
            while IFS= read -r line; do
              \(Self.readID)
              echo "{\\"id\\": $id, \\"mean_ms\\": -1}"
            done
            """)
        result = profile(invalid, count: 1)
        XCTAssertTrue(result.err.contains("answered request 1 with times that are not positive"), result.err)
    }

    func testAWorkerThatClosesItsInputDoesNotTakeTheHostDown() throws {
        // Writing the request to a closed pipe raises SIGPIPE, which would end this test process.
        let command = try worker("closing.sh", "exec 0<&-\nsleep 0.2\nexit 5")
        let result = profile(command, count: 2, ["restarts=1"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("failed 2"), result.err)
        XCTAssertTrue(
            result.err.contains("could not be sent request 1 (Broken pipe) and exited with status 5")
                || result.err.contains("exited with status 5 during request 1"), result.err)
        XCTAssertTrue(lines("started").compactMap { pid_t($0) }.allSatisfy(isGone))
    }

    func testABadHandshakeIsOneClearError() throws {
        let cases: [(command: String, options: [String], message: String)] = [
            (
                try worker("other.sh", handshake: #"{"protocol": "other/2", "device": {"name": "x"}}"#, "cat > /dev/null"), [],
                "speaks protocol 'other/2', this plugin speaks 'latkit-worker/1'"
            ),
            (
                try worker("nameless.sh", handshake: #"{"protocol": "latkit-worker/1", "device": {"kind": "gpu"}}"#, ""), [],
                "without a \"name\""
            ),
            (try worker("text.sh", handshake: "ready", ""), [], "wrote a handshake that is not a JSON object: 'ready'"),
            ("no-such-worker-xyz --flag", [], "exited with status 127 before its handshake; its stderr:"),
            ("echo starting >&2; exit 4", [], "exited with status 4 before its handshake; its stderr: starting"),
            ("sleep 30", ["startup_timeout=0.3"], "wrote no handshake line within 0.3 s (startup_timeout=) and was killed"),
        ]
        for (command, options, message) in cases {
            let started = Date()
            let result = profile(command, options)
            XCTAssertEqual(result.status, 1, command)
            XCTAssertEqual(result.err.filter { $0 == "\n" }.count, 1, "one line: \(result.err)")
            XCTAssertTrue(result.err.contains("worker `\(command)` "), result.err)
            XCTAssertTrue(result.err.contains(message), "\(message) in: \(result.err)")
            XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        }
        XCTAssertTrue(lines("started").compactMap { pid_t($0) }.allSatisfy(isGone))

        let missing = cli(["profile", "--space", "ofa-mbv3-w1.0", "-n", "1", "--db", folder.path + "/m.sqlite", "--profiler", "external"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.err.contains("option command= is required"), missing.err)
        let wrong = profile("true", ["models=onnx"])
        XCTAssertTrue(wrong.err.contains("option models=onnx is not one of file, none"), wrong.err)
    }

    func testPluginsCheckCreatesDescribesMeasuresAndDestroys() throws {
        // Answers every request, but refuses a model file too small to be a network (the check's broken model).
        let command = try worker(
            "check.sh",
            """
            while IFS= read -r line; do
              \(Self.readID)
              path=$(printf '%s\\n' "$line" | sed -n 's/.*"model_path": *"\\([^"]*\\)".*/\\1/p')
              if [ -n "$path" ] && [ "$(wc -c < "$path")" -lt 100 ]; then
                echo "{\\"id\\": $id, \\"error\\": \\"not an ONNX model\\"}"
              else
                echo "{\\"id\\": $id, \\"mean_ms\\": 2.5, \\"std_ms\\": 0.1, \\"min_ms\\": 2.25, \\"median_ms\\": 2.5, \\"runs\\": 3}"
              fi
            done
            """)
        let result = cli(["plugins", "check", TestPaths.plugin("external"), "--set", "command=\(command)"])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        XCTAssertTrue(result.out.contains("describes its device with a name: sh-worker"), result.out)
        XCTAssertTrue(result.out.contains("measures two networks with sane figures: 2.500 ms, 2.500 ms"), result.out)
        XCTAssertTrue(result.out.contains("a broken model fails its row, not the call"), result.out)
        XCTAssertFalse(lines("started").isEmpty)
        XCTAssertTrue(lines("started").compactMap { pid_t($0) }.allSatisfy(isGone))
        XCTAssertEqual(cli(["plugins", "check", TestPaths.plugin("external")]).status, 1, "command= is required")
    }

    // MARK: The example workers

    /// The Python the example workers run with: $LATKIT_TEST_PYTHON, else python3.
    private var python: String { ProcessInfo.processInfo.environment["LATKIT_TEST_PYTHON"] ?? "python3" }

    private func pythonCan(_ code: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" -c \"$1\" >/dev/null 2>&1", python, code]
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The command running an example worker (-B: no __pycache__ in the repository).
    private func exampleWorker(_ file: String) -> String { "'\(python)' -B '\(TestPaths.repository)/SDK/examples/workers/\(file)'" }

    func testTheONNXRuntimeWorkerTimesAModel() throws {
        guard pythonCan("import onnxruntime, numpy") else {
            throw XCTSkip("\(python) cannot import onnxruntime and numpy (set LATKIT_TEST_PYTHON to an interpreter that can)")
        }
        let catalog = try TestPaths.catalog("external", "ofa")
        let profiler = try catalog.profiler("external", options: ["command": exampleWorker("onnxruntime_worker.py"), "timeout": "60"])
        let description = try profiler.describeDevice()
        XCTAssertEqual(description.first { $0.key == "kind" }?.value, "cpu")
        XCTAssertTrue(description.contains { $0.key == "engine" && $0.value.hasPrefix("onnxruntime ") }, "\(description)")

        var batch = ArchitectureBatch(searchSpace: "toy", count: 1, architectures: ["conv-relu"])
        batch.models = RunnableModels(format: "onnx", models: [RunnableModel(bytes: TinyONNX.convRelu(), inputShape: (3, 16, 16))])
        batch.costs = [Cost(macs: 1, params: 1)]
        let measured = try profiler.measure(
            batch, settings: MeasurementSettings(warmupRuns: 2, timedRuns: 5, batchSize: 2, threads: 1), progress: nil)
        XCTAssertTrue(measured[0].isValid, "\(measured)")
        XCTAssertEqual(measured[0].runs, 5)
        XCTAssertLessThanOrEqual(measured[0].minMs, measured[0].medianMs)

        // Through `latkit profile` once the OFA space exports ONNX models.
        let space = try catalog.searchSpace("ofa-mbv3-w1.0")
        guard space.exportFormats.contains("onnx") else {
            print(
                "ExternalProfilerTests: ofa-mbv3-w1.0 exports no ONNX models yet; the onnxruntime worker was timed on a hand-made model only"
            )
            return
        }
        let result = profile(exampleWorker("onnxruntime_worker.py"), count: 2, [])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(try stored().count, 2)
    }

    func testThePyTorchWorkerBuildsTheLayersTheSpaceLists() throws {
        guard pythonCan("import sys") else { throw XCTSkip("no \(python)") }
        let catalog = try TestPaths.catalog("ofa")
        for (name, width) in [("ofa-mbv3-w1.0", "1.0"), ("ofa-mbv3-w1.2", "1.2")] {
            let space = try catalog.searchSpace(name)
            let archs = try space.sample(count: 4, seed: 11)
            let expected = try space.operators(archs)
            for (arch, operators) in zip(archs, expected) {
                let output = Pipe()
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = [
                    "-c", "\"$0\" -B \"$1\" --plan \"$2\" --width \"$3\"", python,
                    TestPaths.repository + "/SDK/examples/workers/pytorch_ofa_worker.py", arch, width,
                ]
                process.standardOutput = output
                try process.run()
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0)
                var counts: [String: Double] = [:]
                for key in text.split(separator: "\n") { counts[String(key), default: 0] += 1 }
                XCTAssertEqual(counts, Dictionary(uniqueKeysWithValues: operators.map { ($0.key, $0.count) }), arch)
            }
        }
    }

    func testThePyTorchWorkerMeasuresOFANetworks() throws {
        guard pythonCan("import torch") else {
            throw XCTSkip(
                "\(python) cannot import torch: the PyTorch OFA worker is not run (set LATKIT_TEST_PYTHON to an interpreter that can)")
        }
        let command = exampleWorker("pytorch_ofa_worker.py") + " --device cpu --builder torch"
        let result = profile(command, count: 2, ["models=none", "timeout=300"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(try stored().count, 2)
        XCTAssertTrue(try stored().allSatisfy { $0.measurement.isValid })
    }
}

/// A tiny ONNX model written byte by byte (protobuf), so the onnxruntime worker can be tested
/// without an exporter: input "input" [N, 3, H, W] -> 3x3 Conv (8 channels) -> Relu -> "output".
enum TinyONNX {
    /// A protobuf message under construction.
    private struct Message {
        var bytes: [UInt8] = []

        static func encoded(_ value: Int) -> [UInt8] {
            var value = UInt64(value)
            var result: [UInt8] = []
            repeat {
                result.append(UInt8(value & 0x7f) | (value > 0x7f ? 0x80 : 0))
                value >>= 7
            } while value > 0
            return result
        }

        mutating func int(_ field: Int, _ value: Int) {
            bytes += Message.encoded(field << 3)
            bytes += Message.encoded(value)
        }

        mutating func data(_ field: Int, _ payload: [UInt8]) {
            bytes += Message.encoded(field << 3 | 2)
            bytes += Message.encoded(payload.count)
            bytes += payload
        }

        mutating func text(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }
        mutating func message(_ field: Int, _ value: Message) { data(field, value.bytes) }
    }

    static func convRelu() -> [UInt8] {
        var weights: [UInt8] = []
        for index in 0..<(8 * 3 * 3 * 3) {
            let value = Float(index % 7) / 7 - 0.5
            withUnsafeBytes(of: value.bitPattern.littleEndian) { weights += $0 }
        }
        var tensor = Message()
        for dim in [8, 3, 3, 3] { tensor.int(1, dim) }
        tensor.int(2, 1)  // FLOAT
        tensor.text(8, "w")
        tensor.data(9, weights)

        var pads = Message()
        pads.text(1, "pads")
        for _ in 0..<4 { pads.int(8, 1) }
        pads.int(20, 7)  // INTS
        var conv = Message()
        conv.text(1, "input")
        conv.text(1, "w")
        conv.text(2, "c")
        conv.text(4, "Conv")
        conv.message(5, pads)
        var relu = Message()
        relu.text(1, "c")
        relu.text(2, "output")
        relu.text(4, "Relu")

        func value(_ name: String, _ channels: Int) -> Message {
            var shape = Message()
            for dim in ["N", "", "H", "W"] {
                var dimension = Message()
                if dim.isEmpty { dimension.int(1, channels) } else { dimension.text(2, dim) }
                shape.message(1, dimension)
            }
            var tensorType = Message()
            tensorType.int(1, 1)
            tensorType.message(2, shape)
            var type = Message()
            type.message(1, tensorType)
            var info = Message()
            info.text(1, name)
            info.message(2, type)
            return info
        }
        var graph = Message()
        graph.message(1, conv)
        graph.message(1, relu)
        graph.text(2, "g")
        graph.message(5, tensor)
        graph.message(11, value("input", 3))
        graph.message(12, value("output", 8))
        var opset = Message()
        opset.int(2, 13)
        var model = Message()
        model.int(1, 8)
        model.message(7, graph)
        model.message(8, opset)
        return model.bytes
    }
}
