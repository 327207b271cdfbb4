import Foundation
import LatKitRandom
import XCTest

@testable import LatKit

/// The `lut` and `lut-fitted` estimators of liblatkit_lut, through the host API.
final class LUTEstimatorTests: XCTestCase {
    static let lutFolder = TestPaths.data + "/ofanas_paper/note10_lut_yaml"
    static let lutCSV = TestPaths.data + "/ofanas_paper/note10_lut_all_resolutions.csv"
    static let shippedResolutions = ["160", "192", "224"]

    /// The CSV table as (resolution, key, mean, std) rows.
    private func csvEntries() throws -> [(resolution: String, key: String, mean: Double, std: Double)] {
        let table = try EstimatorTestSupport.csv(Self.lutCSV)
        let column = { (name: String) in table.header.firstIndex(of: name)! }
        return table.rows.map {
            ($0[column("resolution")], $0[column("key")], Double($0[column("mean_ms")])!, Double($0[column("std_ms")])!)
        }
    }

    private func batch(_ operators: [[Operator]], targets: [Double]? = nil) -> ArchitectureBatch {
        ArchitectureBatch(searchSpace: "test", count: operators.count, operators: operators, targets: targets)
    }

    func testYAMLFilesMatchTheCSVValuesExactly() throws {
        let catalog = try TestPaths.catalog("lut")
        let entries = try csvEntries()
        for resolution in Self.shippedResolutions {
            let yaml = try catalog.estimator("lut", options: ["table": "\(Self.lutFolder)/\(resolution)_lookup_table.yaml"])
            let rows = entries.filter { $0.resolution == resolution }
            XCTAssertEqual(rows.count, 96)
            // One operator per row: the prediction is the entry itself, its std the entry's std.
            let predictions = try yaml.predict(batch(rows.map { [Operator(key: $0.key, count: 1)] }))
            XCTAssertEqual(predictions.mean, rows.map(\.mean), "resolution \(resolution)")
            XCTAssertEqual(predictions.std, rows.map(\.std), "resolution \(resolution)")
            // The saved YAML table equals the saved table of a CSV holding only this resolution:
            // same keys (none extra), same mean, std and count, bit for bit.
            let folder = try EstimatorTestSupport.temporaryFolder(self)
            let lines = try String(contentsOfFile: Self.lutCSV, encoding: .utf8).split(separator: "\n")
            let subset = ([lines[0]] + lines.dropFirst().filter { $0.hasPrefix("\(resolution),") }).joined(separator: "\n")
            try subset.write(toFile: folder + "/subset.csv", atomically: true, encoding: .utf8)
            let csv = try catalog.estimator("lut", options: ["table": folder + "/subset.csv"])
            XCTAssertEqual(try yaml.save(), try csv.save(), "resolution \(resolution)")
        }
    }

    func testYAMLFolderAndCSVGiveIdenticalSums() throws {
        let catalog = try TestPaths.catalog("lut")
        let folder = try catalog.estimator("lut", options: ["table": Self.lutFolder])
        let csv = try catalog.estimator("lut", options: ["table": Self.lutCSV])
        let entries = try csvEntries()
        var generator = SeededGenerator(seed: 4)
        var rows: [[Operator]] = []
        for resolution in Self.shippedResolutions {
            let keys = entries.filter { $0.resolution == resolution }.map(\.key)
            let first = keys.first { $0.hasPrefix("Conv-input:") }!  // names the resolution
            for _ in 0..<50 {
                var chosen = [first: Double(1 + generator.int(below: 2))]
                for _ in 0..<20 { chosen[keys[generator.int(below: keys.count)]] = Double(1 + generator.int(below: 4)) }
                rows.append(chosen.sorted { $0.key < $1.key }.map { Operator(key: $0.key, count: $0.value) })
            }
        }
        let fromFolder = try folder.predict(batch(rows))
        let fromCSV = try csv.predict(batch(rows))
        XCTAssertEqual(fromFolder, fromCSV)
        XCTAssertTrue(fromFolder.mean.allSatisfy { $0 > 1 })
    }

    func testSumsUseTheTableOfTheNetworksResolution() throws {
        // Logits and Conv_2 have the same key at every resolution but different timings.
        let entries = try csvEntries()
        func value(_ resolution: String, _ prefix: String) -> (key: String, mean: Double, std: Double) {
            let entry = entries.first { $0.resolution == resolution && $0.key.hasPrefix(prefix) }!
            return (entry.key, entry.mean, entry.std)
        }
        let lut = try TestPaths.catalog("lut").estimator("lut", options: ["table": Self.lutCSV])
        for resolution in ["160", "176", "224"] {
            let conv = value(resolution, "Conv-input:")
            let logits = value(resolution, "Logits-")
            let predictions = try lut.predict(
                batch([[Operator(key: conv.key, count: 1), Operator(key: logits.key, count: 2)]]))
            XCTAssertEqual(predictions.mean[0], conv.mean + 2 * logits.mean, accuracy: 1e-15)
            // std = sqrt(Σ count · std²): operator timings treated as independent.
            XCTAssertEqual(predictions.std![0], (conv.std * conv.std + 2 * logits.std * logits.std).squareRoot(), accuracy: 1e-15)
        }
        // Logits alone could be any resolution: the values differ, so that is an error.
        assertPluginError(
            try lut.predict(batch([[Operator(key: value("160", "Logits-").key, count: 1)]])), status: 1,
            contains: "with different timings")
        // Operators of two different resolutions cannot be priced together.
        assertPluginError(
            try lut.predict(
                batch([
                    [Operator(key: value("160", "Conv-input:").key, count: 1), Operator(key: value("224", "Conv-input:").key, count: 1)]
                ])),
            status: 1, contains: "a network is priced from one table")
    }

    func testMissingKeyIsAnErrorNamingIt() throws {
        let lut = try TestPaths.catalog("lut").estimator("lut", options: ["table": Self.lutFolder])
        let missing = "expanded_conv-input:9x9x999-output:9x9x999-expand:1-kernel:9-stride:1-idskip:1-se:0-hs:0"
        let known = "Conv-input:224x224x3-output:112x112x24"
        assertPluginError(
            try lut.predict(
                batch([[Operator(key: known, count: 1)], [Operator(key: known, count: 1), Operator(key: missing, count: 1)]])),
            status: 1, contains: "row 1: operator key '\(missing)' is not in the lookup table")
    }

    func testYAMLReaderToleratesQuotingIndentationAndComments() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        let plain = "A-input:1x1x1-output:1x1x1:\n  count: 5\n  mean: 0.25\n  std: 0.5\nB-input:2x2x2:\n  mean: 1.5\n  std: 0\n"
        let styled = """
            # a comment line\r
            ---\r
            'A-input:1x1x1-output:1x1x1':   # quoted key, comment\r
                std: '0.5'\r
                mean: 0.25\r
                count: 5\r
            "B-input:2x2x2": {mean: 1.5, std: 0.0}\r

            """
        try plain.write(toFile: folder + "/plain.yaml", atomically: true, encoding: .utf8)
        try styled.write(toFile: folder + "/styled.yml", atomically: true, encoding: .utf8)
        let catalog = try TestPaths.catalog("lut")
        let rows = batch([[Operator(key: "A-input:1x1x1-output:1x1x1", count: 2), Operator(key: "B-input:2x2x2", count: 1)]])
        let fromPlain = try catalog.estimator("lut", options: ["table": folder + "/plain.yaml"]).predict(rows)
        XCTAssertEqual(fromPlain.mean, [2.0])
        XCTAssertEqual(fromPlain.std![0], (2 * 0.25).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(try catalog.estimator("lut", options: ["table": folder + "/styled.yml"]).predict(rows), fromPlain)
    }

    func testYAMLErrorsNameFileLineAndField() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        let catalog = try TestPaths.catalog("lut")
        let cases = [
            ("A:\n  count: 1\n  meen: 0.5\n", "bad.yaml:3: unknown field 'meen'"),
            ("A:\n  count: 1\n  std: 0.5\n", "bad.yaml:1: key 'A' has no 'mean'"),
            ("A:\n  mean: fast\n", "bad.yaml:2: field 'mean' must be a finite number, got 'fast'"),
            ("A:\n  mean: 1\nA:\n  mean: 2\n", "operator key 'A' appears twice in table 'bad'"),
            ("A:\n  mean: 1\n    std: 2\n", "bad.yaml:3: field 'std' is indented by 4 spaces"),
            ("A: 0.5\n", "bad.yaml:1: key 'A' must map to count/mean/std fields"),
        ]
        for (text, message) in cases {
            try text.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
            assertPluginError(try catalog.estimator("lut", options: ["table": folder + "/bad.yaml"]), status: 1, contains: message)
        }
        assertPluginError(try catalog.estimator("lut", options: ["table": folder + "/none.yaml"]), status: 5, contains: "no such file")
        assertPluginError(try catalog.estimator("lut", options: ["table": folder]), status: 1, contains: "no *_lookup_table.yaml")
    }

    /// Negative, zero and non-finite means are refused with the file and line, and numbers are
    /// read the same way in YAML and CSV tables as in latency data files: plain decimal only.
    func testHostileValuesAreRefusedWithFileAndLine() throws {
        let folder = try EstimatorTestSupport.temporaryFolder(self)
        let catalog = try TestPaths.catalog("lut")
        let yaml = [
            ("A:\n  mean: 1\nB:\n  mean: -0.5\n", "bad.yaml:3: key 'B' has mean -0.5 ms; an operator's latency must be above 0 ms"),
            ("A:\n  mean: 0\n", "bad.yaml:1: key 'A' has mean 0.0 ms; an operator's latency must be above 0 ms"),
            ("A:\n  mean: 0x10\n", "bad.yaml:2: field 'mean' must be a finite number, got '0x10'"),
            ("A:\n  mean: inf\n", "bad.yaml:2: field 'mean' must be a finite number, got 'inf'"),
            ("A:\n  mean: nan\n", "bad.yaml:2: field 'mean' must be a finite number, got 'nan'"),
            ("A:\n  mean: 1e400\n", "bad.yaml:2: field 'mean' must be a finite number, got '1e400'"),
            ("A:\n  mean: 1\n  std: 0x1p3\n", "bad.yaml:3: field 'std' must be a finite number, got '0x1p3'"),
        ]
        for (text, message) in yaml {
            try text.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
            assertPluginError(try catalog.estimator("lut", options: ["table": folder + "/bad.yaml"]), status: 1, contains: message)
        }
        let csv = [
            ("key,mean_ms\nA,1\nB,-3\n", "bad.csv:3: key 'B' has mean -3.0 ms; an operator's latency must be above 0 ms"),
            ("key,mean_ms\nA,0\n", "bad.csv:2: key 'A' has mean 0.0 ms; an operator's latency must be above 0 ms"),
            ("key,mean_ms\nA,0x10\n", "bad.csv:2: column 'mean_ms' must be a finite number, got '0x10'"),
            ("key,mean_ms\nA,Infinity\n", "bad.csv:2: column 'mean_ms' must be a finite number, got 'Infinity'"),
            ("key,mean_ms\nA,NaN\n", "bad.csv:2: column 'mean_ms' must be a finite number, got 'NaN'"),
            ("key,mean_ms,std_ms\nA,1,-1\n", "bad.csv:2: key 'A' needs a finite mean, a finite non-negative std"),
        ]
        for (text, message) in csv {
            try text.write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
            assertPluginError(try catalog.estimator("lut", options: ["table": folder + "/bad.csv"]), status: 1, contains: message)
        }
        // What a table accepts as a number is what a data file accepts as one.
        for text in ["12", "-0.5", "+1.5e-3", ".5", "1.", "1E3", "0x10", "inf", "nan", "1e", "1,5", "e5", " 1"] {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let dataFile = NumberField.parse(Array(trimmed.utf8)[...]).finite
            try "key,mean_ms\nA,\"\(text)\"\n".write(toFile: folder + "/one.csv", atomically: true, encoding: .utf8)
            let table = Result { try catalog.estimator("lut", options: ["table": folder + "/one.csv"]) }
            let tableAccepts = (try? table.get()) != nil || (dataFile.map { $0 <= 0 } ?? false)
            XCTAssertEqual(tableAccepts, dataFile != nil, "'\(text)': data file \(String(describing: dataFile))")
        }
    }

    func testSaveLoadRoundTripAndErrors() throws {
        let catalog = try TestPaths.catalog("lut")
        let lut = try catalog.estimator("lut", options: ["table": Self.lutFolder])
        XCTAssertEqual(lut.requirements.views, [.operators])
        XCTAssertEqual(lut.requirements.capabilities, [.standardDeviation, .save])
        let rows = batch([
            [Operator(key: "Conv-input:192x192x3-output:96x96x24", count: 1), Operator(key: "Logits-input:1x1x1536-output:1000", count: 1)]
        ])
        let saved = try lut.save()
        XCTAssertEqual(Array(saved.prefix(5)), Array("LKLT".utf8) + [1])

        let restored = try catalog.estimator("lut")
        assertPluginError(try restored.predict(rows), status: 3, contains: "lut has no table")
        try restored.load(saved)
        XCTAssertEqual(try restored.predict(rows), try lut.predict(rows))
        XCTAssertEqual(try restored.save(), saved)

        var future = saved
        future[4] = 2
        assertPluginError(try restored.load(future), status: 6, contains: "format version 2")
        assertPluginError(try restored.load(Array(saved.dropLast())), status: 6, contains: "truncated")
        assertPluginError(try restored.load(Array("LKLF".utf8) + [1]), status: 6, contains: "not a saved lut model")
        // A batch without the operators view never reaches the plugin.
        XCTAssertThrowsError(try lut.predict(ArchitectureBatch(searchSpace: "test", count: 1))) { error in
            XCTAssertTrue("\(error)".contains("lacks the views operators"), "\(error)")
        }
    }

    // MARK: lut-fitted

    /// Rows of random operator counts over `keys` with exactly additive latencies.
    private func additiveRows(keys: [String: Double], intercept: Double, count: Int, seed: UInt64) -> ArchitectureBatch {
        var generator = SeededGenerator(seed: seed)
        let names = keys.keys.sorted()
        var operators: [[Operator]] = []
        var targets: [Double] = []
        for _ in 0..<count {
            var row: [Operator] = []
            for name in names where generator.int(below: 3) > 0 {
                row.append(Operator(key: name, count: Double(1 + generator.int(below: 4))))
            }
            operators.append(row)
            targets.append(row.reduce(intercept) { $0 + $1.count * keys[$1.key]! })
        }
        return batch(operators, targets: targets)
    }

    func testFittedTableRecoversAnExactlyAdditiveTable() throws {
        var generator = SeededGenerator(seed: 9)
        var truth: [String: Double] = [:]
        for index in 0..<40 { truth["op\(index)"] = index % 7 == 0 ? 0 : 0.05 + generator.double() }
        let train = additiveRows(keys: truth, intercept: 0.7, count: 400, seed: 1)
        let test = additiveRows(keys: truth, intercept: 0.7, count: 100, seed: 2)

        let catalog = try TestPaths.catalog("lut")
        let fitted = try catalog.estimator("lut-fitted")
        XCTAssertEqual(fitted.requirements.capabilities, [.fit, .standardDeviation, .save])
        assertPluginError(try fitted.predict(test), status: 3, contains: "fitted or loaded")
        try fitted.fit(train: train, validation: nil, seed: 0, progress: nil)
        let predictions = try fitted.predict(test)
        for (predicted, expected) in zip(predictions.mean, test.targets!) { XCTAssertEqual(predicted, expected, accuracy: 1e-9) }
        XCTAssertLessThan(predictions.std![0], 1e-9)
        // Each single operator is priced at its true value: the table itself is recovered.
        let single = try fitted.predict(batch(truth.keys.sorted().map { [Operator(key: $0, count: 1)] }))
        for (predicted, key) in zip(single.mean, truth.keys.sorted()) { XCTAssertEqual(predicted - 0.7, truth[key]!, accuracy: 1e-9) }

        // Save/load round trip, and the header refused when its version is unknown.
        let saved = try fitted.save()
        XCTAssertEqual(Array(saved.prefix(5)), Array("LKLF".utf8) + [1])
        let restored = try catalog.estimator("lut-fitted")
        try restored.load(saved)
        XCTAssertEqual(try restored.predict(test), predictions)
        var future = saved
        future[4] = 9
        assertPluginError(try restored.load(future), status: 6, contains: "format version 9")
    }

    /// A network made only of operators priced at 0 (as NNLS prices a NAS-Bench-201 `none` or
    /// `skip` it cannot tell from nothing) is raised to the latency floor, not refused by the host.
    func testANetworkOfZeroPricedOperatorsIsRaisedToTheFloor() throws {
        let truth = ["a": 1.0, "free": 0.0]
        let train = additiveRows(keys: truth, intercept: 0, count: 50, seed: 4)
        let fitted = try TestPaths.catalog("lut").estimator("lut-fitted", options: ["intercept": "false"])
        try fitted.fit(train: train, validation: nil, seed: 0, progress: nil)
        let predictions = try fitted.predict(batch([[Operator(key: "free", count: 3)], [Operator(key: "a", count: 2)]]))
        XCTAssertEqual(predictions.mean[0], 1e-3, "1 µs")
        XCTAssertEqual(predictions.mean[1], 2, accuracy: 1e-9)
    }

    func testFittedTableUnseenKeysAndNoIntercept() throws {
        let truth = ["a": 1.0, "b": 2.0, "c": 0.5]
        let train = additiveRows(keys: truth, intercept: 0, count: 50, seed: 3)
        let catalog = try TestPaths.catalog("lut")
        let strict = try catalog.estimator("lut-fitted", options: ["intercept": "false"])
        try strict.fit(train: train, validation: nil, seed: 0, progress: nil)
        let unseen = batch([[Operator(key: "a", count: 1), Operator(key: "zz-new", count: 1)]])
        assertPluginError(try strict.predict(unseen), status: 1, contains: "operator key 'zz-new' was never seen in training")
        let lenient = try catalog.estimator("lut-fitted", options: ["intercept": "false", "unseen": "zero"])
        try lenient.fit(train: train, validation: nil, seed: 0, progress: nil)
        XCTAssertEqual(try lenient.predict(unseen).mean[0], 1.0, accuracy: 1e-12)
        assertPluginError(try catalog.estimator("lut-fitted", options: ["unseen": "guess"]), status: 1, contains: "unseen=guess")
        assertPluginError(
            try strict.fit(train: batch([[Operator(key: "a", count: 1)]]), validation: nil, seed: 0, progress: nil), status: 1,
            contains: "no targets")
    }

    // MARK: Note10 acceptance (needs the OFA search space plugin)

    func testNote10LookupTableReproducesThePaperAndFittedTableLearnsIt() throws {
        guard FileManager.default.fileExists(atPath: TestPaths.plugin("ofa")) else {
            throw XCTSkip("liblatkit_ofa.so is not built")
        }
        let catalog = try TestPaths.catalog("ofa", "lut")
        let space = try catalog.searchSpace("ofa-mbv3-w1.2")
        let data = try EstimatorTestSupport.csv(TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv")
        let column = { (name: String) in data.header.firstIndex(of: name)! }
        XCTAssertEqual(Set(space.architectureColumns), ["ks", "e", "d", "r"])
        let fields = data.rows.map { row in space.architectureColumns.map { row[column($0)] } }
        let architectures = try space.architectures(fromFields: fields)
        let operators = try space.operators(architectures)
        let expected = data.rows.map { Double($0[column("note10_lut_ms")])! }
        XCTAssertEqual(operators.count, 10_000)

        let lut = try catalog.estimator("lut", options: ["table": Self.lutCSV])
        let sums = try lut.predict(ArchitectureBatch(searchSpace: space.name, count: operators.count, operators: operators))
        for (row, (sum, paper)) in zip(sums.mean, expected).enumerated() { XCTAssertEqual(sum, paper, accuracy: 1e-6, "row \(row)") }

        // lut-fitted on the paper split: train rows 0-6999, test rows 8500-9999.
        let all = ArchitectureBatch(searchSpace: space.name, count: operators.count, operators: operators, targets: expected)
        let fitted = try catalog.estimator("lut-fitted")
        try fitted.fit(train: all.subset(Array(0..<7000)), validation: nil, seed: 0, progress: nil)
        let test = all.subset(Array(8500..<10_000))
        let predicted = try fitted.predict(test).mean
        let rmse = (zip(predicted, test.targets!).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(test.count)).squareRoot()
        // The labels are lookup-table sums; the fitted table only misses where one key prices
        // different timings at different resolutions (measured 0.0026 ms; the bar is 0.05).
        XCTAssertLessThan(rmse, 0.01, "lut-fitted test RMSE on Note10")
    }
}
