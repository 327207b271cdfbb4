import Foundation

extension Reproduction {
    /// Runs every new-device study of the plan: one record per (estimator, target, shots, draw).
    func runGeneralization() throws -> [ReproductionResults.GeneralizationResult] {
        var results: [ReproductionResults.GeneralizationResult] = []
        let hardware = try HardwareSpecs.load(path: plan.dataFolder + "/hardware/hardware_specs.csv")
        let devices = try DeviceColumns.load(path: plan.dataFolder + "/hardware/device_columns.csv")
        for (index, study) in plan.generalization.enumerated() {
            log("[new devices \(index + 1)/\(plan.generalization.count)] \(study.name)")
            let space = try catalog.searchSpace(study.space)
            var dataset = try MultiDeviceDataset.load(path: study.file, space: space, devices: devices)
            if let exclusion = study.exclusion {
                dataset = dataset.excluding(Set(try ArchitectureFile.read(path: exclusion.file, space: space)))
            }
            let evaluation = TransferEvaluation(
                catalog: catalog, dataset: dataset, space: space, descriptors: DeviceDescriptorEncoder(reference: hardware))
            var records: [BenchmarkRecord] = []
            for estimator in study.estimators {
                let clock = Stopwatch()
                let learnsDevices = try catalog.estimator(estimator).requirements.views.contains(.device)
                for target in study.targets ?? dataset.series.map(\.column) {
                    var tasks: [TransferTask] = []
                    for shots in study.shots {
                        // A single-device estimator needs two shots to learn anything.
                        if shots < 2, !learnsDevices { continue }
                        for draw in 0..<study.draws {
                            tasks.append(
                                try TransferTask(
                                    dataset: dataset, target: target, trainColumns: nil, shots: shots, seed: plan.seed &+ UInt64(draw),
                                    excludeHardware: false))
                        }
                    }
                    let evaluated = try evaluation.evaluate(estimator: estimator, options: [:], tasks: tasks)
                    records += zip(evaluated, tasks).map { result, task in result.record(dataset: dataset, task: task, options: [:]) }
                }
                log(String(format: "  %@: %.0f s", estimator, clock.seconds))
            }
            results.append(
                ReproductionResults.GeneralizationResult(
                    name: study.name, file: study.file, space: study.space, architectures: dataset.architectures.count,
                    series: dataset.series.count, excluded: study.exclusion?.reason, headlineShots: study.headlineShots,
                    draws: study.draws, notes: study.notes, records: records))
        }
        return results
    }
}
