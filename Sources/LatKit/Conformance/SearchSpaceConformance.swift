import LatKitPluginABI

/// The conformance suite for search spaces: facts, refusal of an unknown option, sampling
/// determinism, canonical round trips,
/// variation, encodings, operators, cost, and refusal of malformed architectures.
enum SearchSpaceConformance {
    static func run(_ plugin: PluginInfo, options: [String: String], isolation: IsolationPolicy = .inProcess) -> ConformanceReport {
        var report = ConformanceReport(plugin: plugin.name, kind: plugin.kind)
        var space: SearchSpace?
        var sample: [String] = []

        report.record("create and describe") {
            let made = try isolation.searchSpace(plugin, options: options)
            space = made
            for key in ["size_log10", "encodings", "arch_columns"] {
                try expect(made.facts[key] != nil, "fact '\(key)' is missing")
            }
            for encoding in made.encodings {
                try expect(Int(made.facts["feature_count.\(encoding)"] ?? "") != nil, "fact 'feature_count.\(encoding)' is missing")
            }
            return "encodings: \(made.encodings.joined(separator: ", ")); columns: \(made.architectureColumns.joined(separator: ", "))"
        }
        report.recordUnknownOptionRefused(options: options) { _ = try isolation.searchSpace(plugin, options: $0) }
        report.record("sampling is deterministic per seed") {
            guard let space else { throw ConformanceSkip(reason: "no instance") }
            sample = try space.sample(count: 64, seed: 42)
            try expect(sample.count == 64, "asked for 64, got \(sample.count)")
            try expect(try space.sample(count: 64, seed: 42) == sample, "seed 42 gave different architectures twice")
            try expect(try space.sample(count: 64, seed: 43) != sample, "seeds 42 and 43 gave the same architectures")
            return "64 architectures"
        }
        report.record("canonical form round-trips") {
            guard let space, !sample.isEmpty else { throw ConformanceSkip(reason: "needs a sample") }
            try expect(try space.canonicalize(sample) == sample, "canonicalize(sample) differs from the sample")
            return ""
        }
        report.record("malformed architectures are refused") {
            guard let space else { throw ConformanceSkip(reason: "no instance") }
            for bad in ["", "%%% not an architecture %%%"] {
                do {
                    _ = try space.canonicalize([bad])
                    throw ConformanceFailure("accepted '\(bad)'")
                } catch let error as PluginCallError {
                    try expect(!error.message.isEmpty, "refused '\(bad)' without a message")
                }
            }
            return "2 refused with messages"
        }
        report.record("mutation and crossover give valid architectures") {
            guard let space, sample.count >= 2 else { throw ConformanceSkip(reason: "needs a sample") }
            let mutants = try space.mutate(sample, seed: 5, mutationProbability: 0.5, resolutionProbability: 0.5)
            try expect(try space.canonicalize(mutants) == mutants, "a mutant is not canonical")
            let children = try space.crossover(sample, sample.reversed(), seed: 5)
            try expect(try space.canonicalize(children) == children, "a child is not canonical")
            return "\(mutants.count) mutants, \(children.count) children"
        }
        report.record("every encoding has the declared width") {
            guard let space, !sample.isEmpty else { throw ConformanceSkip(reason: "needs a sample") }
            var widths: [String] = []
            for encoding in space.encodings {
                let matrix = try space.encode(sample, encoding: encoding)
                try expect(matrix.values.allSatisfy(\.isFinite), "encoding \(encoding) has a non-finite value")
                widths.append("\(encoding)=\(matrix.columns)")
            }
            return widths.joined(separator: ", ")
        }
        report.record("operators and cost") {
            guard let space, !sample.isEmpty else { throw ConformanceSkip(reason: "needs a sample") }
            let operators = try space.operators(sample)
            try expect(operators.count == sample.count, "operators for \(operators.count) of \(sample.count) rows")
            try expect(
                operators.allSatisfy { $0.allSatisfy { $0.count > 0 && !$0.key.isEmpty } }, "an operator has an empty key or a count <= 0")
            let costs = try space.cost(sample)
            try expect(costs.allSatisfy { $0.macs.isFinite && $0.macs >= 0 && $0.params >= 0 }, "a cost is negative or not finite")
            return "up to \(operators.map(\.count).max() ?? 0) operators per architecture"
        }
        report.record("runnable models (ABI 1.1, optional)") {
            guard let space, sample.count >= 4 else { throw ConformanceSkip(reason: "needs a sample") }
            guard let format = space.exportFormats.first else { throw ConformanceSkip(reason: "exports no runnable models") }
            let archs = Array(sample.prefix(4))
            let models = try space.exportModels(archs, format: format)
            try expect(models.models.count == 4, "exported \(models.models.count) of 4 architectures")
            try expect(try space.exportModels(archs, format: format) == models, "exporting twice gave different bytes")
            let keys = try space.operators([archs[0]])[0].map(\.key)
            let operators = try space.exportOperators(keys, format: format)
            try expect(operators.models.count == keys.count, "exported \(operators.models.count) of \(keys.count) operators")
            do {
                _ = try space.exportModels(archs, format: "no-such-format")
                throw ConformanceFailure("accepted the model format 'no-such-format'")
            } catch let error as PluginCallError {
                try expect(error.status == Int32(LATKIT_ERR_UNSUPPORTED), "an unknown format gave status \(error.status), not unsupported")
            }
            let bytes = models.models.map(\.bytes.count)
            return "\(format): \(bytes.min()!)-\(bytes.max()!) bytes per network, \(keys.count) operators"
        }
        report.record("operator listing (ABI 1.1, optional)") {
            guard let space, !sample.isEmpty else { throw ConformanceSkip(reason: "needs a sample") }
            guard !space.operatorScopeKeys.isEmpty else { throw ConformanceSkip(reason: "lists no operators") }
            let listed = try space.listOperators(scope: [:])
            try expect(Set(listed).count == listed.count, "a key is listed twice")
            let used = Set(try space.operators(sample).flatMap { $0.map(\.key) })
            let missing = used.subtracting(listed)
            try expect(missing.isEmpty, "\(missing.count) operators of sampled networks are not listed, e.g. '\(missing.first ?? "")'")
            return "\(listed.count) operators"
        }
        return report
    }
}
