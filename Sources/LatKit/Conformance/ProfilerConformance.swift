/// The conformance suite for profilers: the device description, a small real measurement through
/// a search space's runnable models (when the profiler needs them and a space can export them),
/// an empty batch, and a broken model failing its own row rather than the call.
enum ProfilerConformance {
    static func run(_ plugin: PluginInfo, options: [String: String], space: SearchSpace?, isolation: IsolationPolicy = .inProcess)
        -> ConformanceReport
    {
        var report = ConformanceReport(plugin: plugin.name, kind: plugin.kind)
        var profiler: Profiler?
        report.recordUnknownOptionRefused(
            "create, and refuse an unknown option", options: options,
            before: { profiler = try isolation.profiler(plugin, options: options) }
        ) { _ = try isolation.profiler(plugin, options: $0) }
        report.record("describes its device with a name") {
            guard let profiler else { throw ConformanceSkip(reason: "no instance") }
            let description = try profiler.describeDevice()
            guard let name = description.first(where: { $0.key == "name" })?.value, !name.isEmpty else {
                throw ConformanceFailure("describe_device gave no 'name' (got \(description.map(\.key).joined(separator: ", ")))")
            }
            return "\(name) (\(description.count) fields)"
        }
        let settings = MeasurementSettings(warmupRuns: 1, timedRuns: 3, batchSize: 1, threads: 1)
        var batch: ArchitectureBatch?
        report.record("measures two networks with sane figures") {
            guard let profiler else { throw ConformanceSkip(reason: "no instance") }
            guard let space else { throw ConformanceSkip(reason: "no search space to draw networks from") }
            let archs = try space.sample(count: 2, seed: 7)
            var made = try BatchPreparer(space: space).batch(archs, views: profiler.views.intersection([.architectures, .cost]))
            if profiler.views.contains(.models) {
                guard let format = space.exportFormats.first else {
                    throw ConformanceSkip(reason: "the profiler needs runnable models and '\(space.name)' exports none")
                }
                made.models = try space.exportModels(archs, format: format)
            }
            batch = made
            let results = try profiler.measure(made, settings: settings, progress: nil)
            try expect(results.count == 2, "measured \(results.count) of 2 rows")
            for (row, m) in results.enumerated() {
                try expect(m.isValid, "row \(row): status \(m.status), mean \(m.meanMs), std \(m.stdMs), runs \(m.runs)")
                try expect(m.minMs <= m.medianMs * (1 + 1e-9), "row \(row): min \(m.minMs) > median \(m.medianMs)")
                try expect(m.machineLoad.map { (0...1).contains($0) } ?? true, "row \(row): machine load \(m.machineLoad!) outside 0...1")
            }
            return results.map { String(format: "%.3f ms", $0.meanMs) }.joined(separator: ", ")
        }
        report.record("an empty batch measures nothing") {
            guard let profiler, let space else { throw ConformanceSkip(reason: "no instance or space") }
            var empty = ArchitectureBatch(searchSpace: space.name, count: 0, architectures: [])
            if profiler.views.contains(.cost) { empty.costs = [] }
            if profiler.views.contains(.models) { empty.models = RunnableModels(format: batch?.models?.format ?? "onnx", models: []) }
            try expect(try profiler.measure(empty, settings: settings, progress: nil).isEmpty, "records for an empty batch")
            return ""
        }
        report.record("a broken model fails its row, not the call") {
            guard let profiler, var broken = batch, let models = broken.models else {
                throw ConformanceSkip(reason: "the profiler does not take runnable models")
            }
            var damaged = models.models
            damaged[0].bytes = Array("not a model".utf8)
            broken.models = RunnableModels(format: models.format, models: damaged)
            let results = try profiler.measure(broken, settings: settings, progress: nil)
            try expect(results.count == 2, "measured \(results.count) of 2 rows")
            try expect(results[0].status != 0, "the broken row was reported as measured")
            try expect(results[1].isValid, "the good row after a broken one failed (status \(results[1].status))")
            return "row 0 status \(results[0].status)"
        }
        return report
    }
}
