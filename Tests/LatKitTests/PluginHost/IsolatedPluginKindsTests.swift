import Foundation
import XCTest

@testable import LatKit

/// Search spaces, strategies and profilers not shipped with latkit run in a `latkit
/// plugin-worker` child as estimators do: isolated they answer exactly as in-process, and one
/// that crashes, exits or hangs costs one line on standard error and exit status 1.
final class IsolatedPluginKindsTests: XCTestCase {
    private func folder() throws -> String {
        let folder = try CFixtures.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        return folder
    }

    // MARK: Search spaces

    /// Every call of the search-space protocol gives the same answer through the worker as
    /// in-process, on both shipped spaces with their ABI 1.1 calls (runnable models, operator lists).
    func testAnIsolatedSearchSpaceAnswersExactlyAsInProcess() throws {
        let catalog = try TestPaths.catalog("nasbench201", "ofa")
        let isolated = IsolationPolicy(mode: .always, executable: try TestPaths.latkitExecutable())
        for (name, options) in [("nasbench201", [:]), ("ofa-mbv3-w1.0", ["resolutions": "128"])] as [(String, [String: String])] {
            let plugin = try catalog.plugin(named: name)
            let local = try IsolationPolicy.inProcess.searchSpace(plugin, options: options)
            let remote = try isolated.searchSpace(plugin, options: options)
            XCTAssertTrue(remote is IsolatedSearchSpace)
            XCTAssertEqual(remote.facts, local.facts, name)
            let sample = try remote.sample(count: 16, seed: 3)
            XCTAssertEqual(sample, try local.sample(count: 16, seed: 3), name)
            XCTAssertEqual(try remote.canonicalize(sample), try local.canonicalize(sample), name)
            XCTAssertEqual(
                try remote.mutate(sample, seed: 5, mutationProbability: 0.3, resolutionProbability: 0.5),
                try local.mutate(sample, seed: 5, mutationProbability: 0.3, resolutionProbability: 0.5), name)
            let reversed = Array(sample.reversed())
            XCTAssertEqual(try remote.crossover(sample, reversed, seed: 9), try local.crossover(sample, reversed, seed: 9), name)
            for encoding in local.encodings {
                XCTAssertEqual(try remote.featureCount(encoding: encoding), try local.featureCount(encoding: encoding), name)
                XCTAssertEqual(try remote.encode(sample, encoding: encoding), try local.encode(sample, encoding: encoding), name)
            }
            XCTAssertEqual(try remote.operators(sample), try local.operators(sample), name)
            XCTAssertEqual(try remote.cost(sample), try local.cost(sample), name)
            if let format = local.exportFormats.first {
                XCTAssertEqual(
                    try remote.exportModels(Array(sample.prefix(2)), format: format),
                    try local.exportModels(Array(sample.prefix(2)), format: format))
                let keys = try local.listOperators(scope: ["resolution": "128"])
                XCTAssertEqual(try remote.listOperators(scope: ["resolution": "128"]), keys)
                XCTAssertEqual(
                    try remote.exportOperators(Array(keys.prefix(2)), format: format),
                    try local.exportOperators(Array(keys.prefix(2)), format: format))
            }
            // A plugin's refusal crosses the boundary as the same error.
            let bad = ["%%% not an architecture %%%"]
            var remoteError: Error?
            var localError: Error?
            do { _ = try remote.canonicalize(bad) } catch { remoteError = error }
            do { _ = try local.canonicalize(bad) } catch { localError = error }
            XCTAssertNotNil(localError, name)
            XCTAssertEqual(remoteError as? PluginCallError, localError as? PluginCallError, name)
        }
    }

    func testACrashingOrHangingSearchSpaceIsOneLineAndExitStatusOne() throws {
        let folder = try folder()
        let environment = ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()]
        let crashing = try CFixtures.build("Tests/PluginFixtures/space_abi_1_0.c", name: "digits_crash", in: folder, defines: ["FAULT=1"])
        let crashed = runCLI(["--plugin-path", folder, "sample", "--space", "digits-1-0", "-n", "3"], environment: environment)
        XCTAssertEqual(crashed.status, 1, crashed.err)
        XCTAssertEqual(crashed.err, "latkit sample: plugin 'digits-1-0' (\(crashing)) crashed in sample: SIGSEGV\n")

        let hangingFolder = try self.folder()
        let hanging = try CFixtures.build(
            "Tests/PluginFixtures/space_abi_1_0.c", name: "digits_hang", in: hangingFolder, defines: ["FAULT=2"])
        let started = Date()
        let hung = runCLI(
            ["--plugin-path", hangingFolder, "--timeout", "1", "sample", "--space", "digits-1-0", "-n", "3"], environment: environment)
        XCTAssertEqual(hung.status, 1, hung.err)
        XCTAssertEqual(hung.err, "latkit sample: plugin 'digits-1-0' (\(hanging)) timed out after 1 s in sample\n")
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)

        // In-process (--no-isolate) the same sound library samples what it samples isolated.
        let soundFolder = try self.folder()
        try CFixtures.build("Tests/PluginFixtures/space_abi_1_0.c", name: "digits", in: soundFolder)
        let isolated = runCLI(["--plugin-path", soundFolder, "sample", "--space", "digits-1-0", "-n", "5"], environment: environment)
        let inProcess = runCLI(
            ["--plugin-path", soundFolder, "--no-isolate", "sample", "--space", "digits-1-0", "-n", "5"], environment: environment)
        XCTAssertEqual(isolated.status, 0, isolated.err)
        XCTAssertEqual(isolated.out, inProcess.out)
        XCTAssertEqual(isolated.out.split(separator: "\n").count, 5)
    }

    // MARK: Strategies

    /// A shipped strategy run isolated (its search-context calls answered by the host) explores
    /// the same architectures and returns the same result as in-process; a failed host call and
    /// an overspent budget come back as the host's own errors.
    func testAnIsolatedStrategySearchesExactlyAsInProcess() throws {
        let catalog = try TestPaths.catalog("search")
        let isolated = IsolationPolicy(mode: .always, executable: try TestPaths.latkitExecutable())
        for name in ["evolution", "random", "nsga2"] {
            let plugin = try catalog.plugin(named: name)
            let options = name == "evolution" ? ["population": "20", "generations": "10"] : [:]
            let localProblem = SyntheticSearchProblem()
            let remoteProblem = SyntheticSearchProblem()
            var reports = 0
            let local = try IsolationPolicy.inProcess.searchStrategy(plugin, options: options).run(
                localProblem, seed: 11, maxEvaluations: 400, progress: nil)
            let remote = try isolated.searchStrategy(plugin, options: options).run(remoteProblem, seed: 11, maxEvaluations: 400) { _, _ in
                reports += 1
                return true
            }
            XCTAssertEqual(remote, local, name)
            XCTAssertEqual(remoteProblem.evaluated, localProblem.evaluated, name)
            XCTAssertEqual(remoteProblem.evaluateCalls, localProblem.evaluateCalls, name)
            XCTAssertGreaterThan(reports, 0, "\(name): progress crosses the boundary")

            let failing = SyntheticSearchProblem()
            failing.failingCall = 2
            XCTAssertThrowsError(
                try isolated.searchStrategy(plugin, options: options).run(failing, seed: 11, maxEvaluations: 400, progress: nil)
            ) {
                XCTAssertEqual($0 as? PluginCallError, failing.injectedFailure, name)
            }
        }
    }

    /// A problem whose evaluations take the host a while.
    private final class SlowProblem: SearchProblem {
        let inner = SyntheticSearchProblem()
        var objectives: [SearchObjective] { inner.objectives }
        func sample(count: Int, seed: UInt64) throws -> [String] { try inner.sample(count: count, seed: seed) }
        func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
            try inner.mutate(parents, seed: seed, mutationProbability: mutationProbability, resolutionProbability: resolutionProbability)
        }
        func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
            try inner.crossover(first, second, seed: seed)
        }
        func evaluate(_ architectures: [String]) throws -> [ProblemEvaluation] {
            Thread.sleep(forTimeInterval: 0.25)
            return try inner.evaluate(architectures)
        }
    }

    /// `--timeout` bounds the strategy's own time between its search-context calls: a search
    /// whose host-side evaluations take longer in all than the timeout still finishes.
    func testTheTimeoutDoesNotCountTheHostsEvaluations() throws {
        let catalog = try TestPaths.catalog("search")
        let policy = IsolationPolicy(mode: .always, executable: try TestPaths.latkitExecutable(), timeout: 0.6)
        let problem = SlowProblem()
        let started = Date()
        let found = try policy.searchStrategy(try catalog.plugin(named: "random"), options: [:]).run(
            problem, seed: 1, maxEvaluations: 500, progress: nil)
        XCTAssertFalse(found.isEmpty)
        XCTAssertGreaterThanOrEqual(problem.inner.evaluateCalls, 4)
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.6 * 1.5, "the evaluations took longer than the timeout in all")
    }

    func testACrashingOrExitingStrategyIsOneLineAndExitStatusOne() throws {
        let environment = ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()]
        for (number, ending) in [(5, "crashed in run: SIGSEGV"), (6, "exited with status 0 in run")] {
            let folder = try folder()
            let library = try CFixtures.build(
                "Tests/PluginFixtures/misbehaving_strategy.c", name: "fx\(number)", in: folder, defines: ["CASE=\(number)"])
            let pipeline = try TestPaths.note10Pipeline(strategy: "{ \"name\": \"\(library)\" }", in: folder)
            let result = runCLI(["search", "--config", pipeline, "--budget", "500"], environment: environment)
            XCTAssertEqual(result.status, 1, "case \(number): \(result.err)")
            XCTAssertEqual(result.err, "latkit search: plugin 'fixture-misbehaving' (\(library)) \(ending)\n", "case \(number)")

            // plugins check isolates it too: the crash fails checks, and the summary still prints.
            let check = runCLI(["plugins", "check", library], environment: environment)
            XCTAssertEqual(check.status, 1, check.out + check.err)
            XCTAssertTrue(check.out.contains("[FAIL] budget respected: plugin 'fixture-misbehaving' (\(library)) \(ending)"), check.out)
            XCTAssertTrue(check.out.contains(" failed, "), check.out)
        }
    }

    // MARK: Profilers

    func testAnIsolatedProfilerMeasuresAsInProcessAndACrashCostsOneNetwork() throws {
        let folder = try folder()
        let environment = ["LATKIT_EXECUTABLE": try TestPaths.latkitExecutable()]
        let sound = try CFixtures.build("Tests/PluginFixtures/synthetic_profiler.c", name: "synthetic", in: folder)
        let catalog = try TestPaths.catalog("nasbench201")
        try catalog.load(file: sound)
        let plugin = try catalog.plugin(named: "synthetic-profiler")
        let space = try catalog.searchSpace("nasbench201")
        let architectures = try space.sample(count: 4, seed: 1)
        let batch = try BatchPreparer(space: space).batch(architectures, views: [.architectures, .cost])
        let settings = MeasurementSettings(warmupRuns: 1, timedRuns: 3, batchSize: 2, threads: 1)
        let local = try IsolationPolicy.inProcess.profiler(plugin, options: [:])
        let remote = try IsolationPolicy(mode: .always, executable: try TestPaths.latkitExecutable()).profiler(plugin, options: [:])
        XCTAssertTrue(remote is IsolatedProfiler)
        XCTAssertEqual(remote.views, local.views)
        XCTAssertEqual(
            try remote.describeDevice().map { "\($0.key)=\($0.value)" }, try local.describeDevice().map { "\($0.key)=\($0.value)" })
        let measured = try remote.measure(batch, settings: settings, progress: nil)
        XCTAssertEqual(measured.map(\.meanMs), try local.measure(batch, settings: settings, progress: nil).map(\.meanMs))
        XCTAssertTrue(measured.allSatisfy(\.isValid))

        let crashFolder = try self.folder()
        let crashing = try CFixtures.build(
            "Tests/PluginFixtures/synthetic_profiler.c", name: "synthetic_crash", in: crashFolder, defines: ["FAULT=1"])
        let result = runCLI(
            [
                "--plugin-path", TestPaths.builtProducts, "--plugin-path", crashFolder, "profile", "--space", "nasbench201", "-n", "2",
                "--db", crashFolder + "/s.sqlite",
                "--profiler", "synthetic-profiler", "--warmup", "1", "--runs", "2",
            ], environment: environment)
        // Each network's crash is that network's failure; a fresh worker measures the next.
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertTrue(result.err.contains("measured 0, already stored 0, failed 2"), result.err)
        XCTAssertEqual(
            result.err.components(separatedBy: ": plugin 'synthetic-profiler' (\(crashing)) crashed in measure: SIGSEGV\n").count, 3,
            result.err)
    }
}
