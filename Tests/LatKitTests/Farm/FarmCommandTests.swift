import Foundation
import XCTest

@testable import LatKit

/// The device farm end to end, with real processes against a throwaway server: `profile` and
/// `lut build` queue jobs, `latkit worker` processes (a stand-in profiler, random delays) measure
/// them, `farm status` and `farm retry` report and requeue, and every job is done exactly once
/// while workers are killed with SIGKILL and the database server is restarted under them.
final class FarmCommandTests: PostgresTestCase {
    private var pluginFolder = ""

    override func setUpWithError() throws { pluginFolder = try CFixtures.syntheticProfilerFolder() }

    private func cli(_ arguments: [String]) -> CLIResult { runCLI(arguments, plugins: pluginFolder) }

    /// Starts `latkit worker` for the synthetic device, its standard error into `log`.
    private func startWorker(_ url: String, name: String, log: String, options: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestPaths.latkitExecutable())
        process.arguments =
            [
                "--plugin-path", pluginFolder, "worker", "--db", url, "--profiler", "synthetic-profiler", "--name", name, "--lease", "1",
                "--poll", "0.1", "--reconnect", "60", "--exit-when-idle",
            ] + options
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        return process
    }

    private func waitForExit(_ processes: [Process], seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while processes.contains(where: \.isRunning), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for process in processes { process.waitUntilExit() }
    }

    func testWorkersMeasureQueuedJobsAndTheFarmReportsThem() throws {
        let url = try freshDatabase()
        let folder = try TemporaryFolder()
        var result = cli(["profile", "--space", "nasbench201", "-n", "12", "--seed", "3", "--db", url, "--profiler", "synthetic-profiler"])
        XCTAssertEqual(result.status, 2, "a farm needs the device named")
        XCTAssertTrue(result.err.contains("--device NAME is required"), result.err)
        let enqueue = [
            "profile", "--space", "nasbench201", "-n", "12", "--seed", "3", "--db", url, "--device", "synthetic-device",
            "--profiler", "synthetic-profiler", "--max-attempts", "2",
        ]
        result = cli(enqueue)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.err.contains("queued 12 networks for 'synthetic-device'"), result.err)
        XCTAssertFalse(result.err.contains("pw-secret"), result.err)
        XCTAssertTrue(cli(enqueue).err.contains("queued 0 networks"), "the same request twice adds nothing")
        result = cli(enqueue + ["--profiler-option", "sleep_ms=1"])
        XCTAssertEqual(result.status, 2, "profiler options are the workers'")
        XCTAssertTrue(result.err.contains("latkit worker --profiler-option"), result.err)

        // One worker whose profiler fails some items: those are tried twice, then kept as failed.
        let log = folder.path + "/w1.log"
        let worker = try startWorker(url, name: "w1", log: log, options: ["--profiler-option", "fail=|nor_conv_3x3~0|+|"])
        waitForExit([worker], seconds: 60)
        XCTAssertEqual(worker.terminationStatus, 0, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        let status = try JobQueue(url: try PostgresURL(url)).status()
        let device = try XCTUnwrap(status.devices.first)
        XCTAssertEqual(device.queued + device.running, 0)
        XCTAssertEqual(device.done + device.failed, 12)
        XCTAssertGreaterThan(device.failed, 0, "the fixture fails some of these")
        XCTAssertEqual(status.failures.first?.attempts, 2)
        XCTAssertEqual(status.workers.map(\.name), ["w1"])
        XCTAssertEqual(status.workers.first?.jobsDone, device.done)

        result = cli(["farm", "status", "--db", url])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("synthetic-device  synthetic-profiler  0"), result.out)
        XCTAssertTrue(result.out.contains("failed jobs"), result.out)
        XCTAssertFalse(result.out.contains("pw-secret"), result.out)
        result = cli(["farm", "status", "--db", url, "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        XCTAssertEqual((json?["workers"] as? [Any])?.count, 1, result.out)

        // Retried without the failing option, every job ends done.
        XCTAssertTrue(cli(["farm", "retry", "--db", url]).err.contains("queued \(device.failed) failed job(s) again"))
        let second = try startWorker(url, name: "w2", log: folder.path + "/w2.log")
        waitForExit([second], seconds: 60)
        XCTAssertEqual(try JobQueue(url: try PostgresURL(url)).status().devices.first?.done, 12)

        // The farm's store reads like a file: train on it, export it, copy it into SQLite.
        result = cli(["train", "--space", "nasbench201", "--db", url, "--estimator", "flops", "--out", folder.path + "/m.lkm"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("flops on 12 rows"), result.out)
        result = cli(["data", "export", "--db", url, "--db-out", folder.path + "/farm.sqlite"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(try SQLiteMeasurementStore(path: folder.path + "/farm.sqlite").measurements(MeasurementFilter()).count, 12)
    }

    func testALookupTableIsBuiltThroughTheFarm() throws {
        let url = try freshDatabase()
        let folder = try TemporaryFolder()
        let build = [
            "lut", "build", "--space", "ofa-mbv3-w1.0", "--resolutions", "160", "--out", folder.path + "/t.csv", "--db", url,
            "--device", "synthetic-device", "--profiler", "synthetic-profiler",
        ]
        var result = cli(build)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.err.contains("run the command again once the farm has measured them"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/t.csv"))
        let worker = try startWorker(url, name: "lut", log: folder.path + "/w.log")
        waitForExit([worker], seconds: 60)
        result = cli(build)
        XCTAssertEqual(result.status, 0, result.err)
        let table = try CSVTable.read(path: folder.path + "/t.csv")
        XCTAssertEqual(table.header, ["resolution", "key", "count", "mean_ms", "std_ms", "min_ms", "median_ms"])
        XCTAssertEqual(
            table.rowCount, try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0").listOperators(scope: ["resolution": "160"]).count)
    }

    func testEveryJobIsDoneExactlyOnceThroughKilledWorkersAndARestartedServer() throws {
        let server = try server()
        let url = try freshDatabase()
        let folder = try TemporaryFolder()
        let jobs = 80
        let result = cli([
            "profile", "--space", "nasbench201", "-n", "\(jobs)", "--seed", "11", "--db", url, "--device", "synthetic-device",
            "--profiler", "synthetic-profiler", "--max-attempts", "50",
        ])
        XCTAssertEqual(result.status, 0, result.err)
        // About 0.25 s a job: 80 jobs keep four workers busy for ~5 s, through eight kills and a restart.
        let delays = ["--profiler-option", "sleep_ms=150", "--profiler-option", "jitter_ms=200"]
        var started = 0
        func start() throws -> Process {
            started += 1
            return try startWorker(url, name: "w\(started)", log: folder.path + "/w\(started).log", options: delays)
        }
        var workers = try (0..<4).map { _ in try start() }
        var killed: [Process] = []
        var generator = SystemRandomNumberGenerator()
        Thread.sleep(forTimeInterval: 0.5)

        // The password in the URL is masked in the workers' own process listing.
        let listing = (try? String(contentsOfFile: "/proc/\(workers[0].processIdentifier)/cmdline", encoding: .utf8)) ?? ""
        XCTAssertFalse(listing.contains("pw-secret"), listing)
        XCTAssertTrue(listing.contains("latkit:*********@127.0.0.1"), listing)

        var restarted = false
        for round in 0..<8 {
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.5, using: &generator))
            let running = workers.filter(\.isRunning)
            guard let victim = running.randomElement(using: &generator) else { break }
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            killed.append(victim)
            workers.removeAll { $0 === victim }
            workers.append(try start())
            if round == 3 {
                try server.stopServer()
                Thread.sleep(forTimeInterval: 0.5)
                try server.start()
                restarted = true
            }
        }
        XCTAssertTrue(restarted, "the server was restarted while jobs were running")
        waitForExit(workers, seconds: 120)
        for (index, worker) in workers.enumerated() {
            XCTAssertEqual(
                worker.terminationStatus, 0,
                "worker \(index): \((try? String(contentsOfFile: folder.path + "/w\(index + 1).log", encoding: .utf8)) ?? "")")
        }
        XCTAssertTrue(killed.allSatisfy { $0.terminationReason == .uncaughtSignal }, "killed workers died by SIGKILL")

        let queue = try JobQueue(url: try PostgresURL(url))
        let states = try queue.connection.query("SELECT state, count(*) FROM jobs GROUP BY state")
        XCTAssertEqual(states.map { $0.compactMap { $0 } }, [["done", "\(jobs)"]], "every job done, none stuck in running")
        let retried = try queue.connection.query("SELECT count(*) FROM jobs WHERE attempts > 1").first?[0] ?? nil
        XCTAssertGreaterThan(Int(retried ?? "") ?? 0, 0, "killed workers held jobs that went back to the queue")
        let stored = try MeasurementStores.open(url).measurements(MeasurementFilter())
        XCTAssertEqual(stored.count, jobs, "no duplicate and no missing result")
        let expected = try TestPaths.catalog("nasbench201").searchSpace("nasbench201").distinctSample(count: jobs, seed: 11)
        XCTAssertEqual(Set(stored.map(\.item)), Set(expected))
        for index in 1...started {
            let log = (try? String(contentsOfFile: folder.path + "/w\(index).log", encoding: .utf8)) ?? ""
            XCTAssertFalse(log.contains("pw-secret"), log)
        }
    }
}
