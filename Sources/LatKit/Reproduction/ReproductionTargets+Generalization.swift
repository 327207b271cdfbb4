import Foundation

extension ReproductionTargets {
    /// The hardware-generalization issue's targets, checked against the new-device studies: the
    /// leave-one-device-out figures at 10 shots, the held-out HELP GPU, fine-tuning Note10 -> RTX
    /// 2080 Ti, one `hwgen` model for both paper GPUs, and the coverage of the 90% intervals.
    static func generalizationTargets(_ studies: [ReproductionResults.GeneralizationResult]) -> [ReproductionResults.TargetCheck] {
        var checks: [ReproductionResults.TargetCheck] = []
        func study(_ prefix: String) -> ReproductionResults.GeneralizationResult? { studies.first { $0.name.hasPrefix(prefix) } }
        func summary(_ study: ReproductionResults.GeneralizationResult?, _ estimator: String, shots: Int) -> TransferSummary? {
            study.flatMap { TransferSummary.summaries($0.records).first { $0.estimator == estimator && $0.shots == shots } }
        }
        /// The study's `TransferCeiling` for the report's "measured" text: its mean over targets, or one target's figure.
        func ceiling(_ study: ReproductionResults.GeneralizationResult?, target: String? = nil) -> (spearman: Double, mape: Double)? {
            guard let study else { return nil }
            let rows = study.ceilings.filter { target == nil || $0.target == target }
            guard !rows.isEmpty else { return nil }
            return (rows.map(\.spearman).reduce(0, +) / Double(rows.count), rows.map(\.mapePct).reduce(0, +) / Double(rows.count))
        }
        func check(_ target: String, _ goal: String, _ measured: String?, _ met: Bool) {
            checks.append(.init(target: target, goal: goal, measured: measured ?? "not measured", met: measured != nil && met))
        }
        for (prefix, name) in [("NAS-Bench-201", "NAS-Bench-201"), ("FBNet", "FBNet")] {
            let hwgen = summary(study(prefix), "hwgen", shots: 10)
            let mean = ceiling(study(prefix)).map { String(format: "; transfer ceiling %.3f", $0.spearman) } ?? ""
            check(
                "\(name), leave one device out, 10 shots, hwgen: mean Spearman", ">= 0.96",
                hwgen.map { String(format: "%.3f", $0.meanSpearman) + mean }, (hwgen?.meanSpearman ?? 0) >= 0.96)
            let worst = hwgen.flatMap { ceiling(study(prefix), target: $0.worst.target) }.map {
                String(format: "; its transfer ceiling %.3f", $0.spearman)
            }
            check(
                "\(name), leave one device out, 10 shots, hwgen: worst device's Spearman", ">= 0.90",
                hwgen.map { String(format: "%.3f (%@)", $0.worst.spearman, $0.worst.target) + (worst ?? "") },
                (hwgen?.worst.spearman ?? 0) >= 0.90)
            if prefix == "NAS-Bench-201" {
                check(
                    "NAS-Bench-201, leave one device out, 10 shots, hwgen: mean MAPE", "<= 8%",
                    hwgen.map { String(format: "%.1f%%", $0.meanMAPE) }, (hwgen?.meanMAPE ?? .infinity) <= 8)
            }
        }
        let gpus = study("HELP OFA")
        let tenShots = summary(gpus, "hwgen", shots: 10)
        let gpuCeiling = ceiling(gpus)
        check(
            "HELP OFA, one GPU at batch 64 held out, 10 shots, hwgen: mean MAPE", "<= 2%",
            tenShots.map {
                String(format: "%.2f%%", $0.meanMAPE) + (gpuCeiling.map { String(format: "; transfer ceiling %.2f%%", $0.mape) } ?? "")
            },
            (tenShots?.meanMAPE ?? .infinity) <= 2)
        check(
            "HELP OFA, one GPU at batch 64 held out, 10 shots, hwgen: mean Spearman", ">= 0.995",
            tenShots.map {
                String(format: "%.4f", $0.meanSpearman) + (gpuCeiling.map { String(format: "; transfer ceiling %.4f", $0.spearman) } ?? "")
            },
            (tenShots?.meanSpearman ?? 0) >= 0.995)
        let zeroShot = summary(gpus, "hwgen", shots: 0)
        let closest = summary(gpus, "nearest-device", shots: 0)
        check(
            "HELP OFA, zero-shot from the descriptor, hwgen: mean MAPE", "lower than the closest GPU by spec, unchanged",
            zeroShot.flatMap { mine in closest.map { String(format: "%.1f%% vs %.1f%%", mine.meanMAPE, $0.meanMAPE) } },
            (zeroShot?.meanMAPE ?? .infinity) < (closest?.meanMAPE ?? -.infinity))
        let tuning = study("Fine-tuning: Note10 lookup table -> RTX")
        for (shots, limit) in [(100, 0.45), (700, 0.37)] {
            let finetune = summary(tuning, "finetune (stack)", shots: shots)
            check(
                "Fine-tuning Note10 -> RTX 2080 Ti, \(shots) target rows, finetune: RMSE", String(format: "<= %.2f ms", limit),
                finetune.map { String(format: "%.3f ms", $0.meanRMSE) }, (finetune?.meanRMSE ?? .infinity) <= limit)
        }
        if let joint = study("One hwgen model") {
            for target in Set(joint.records.compactMap(\.target)).sorted() {
                let rows = joint.records.filter { $0.target == target }
                let mine = rows.first { $0.estimator.hasPrefix("hwgen") }
                let own = rows.first { $0.estimator.hasPrefix("mlp") }
                check(
                    "One hwgen model for RTX 2080 Ti and Tesla P40, \(target): RMSE against one mlp per device", "within 5%",
                    mine.flatMap { mine in own.map { String(format: "%.3f vs %.3f ms", mine.rmseMs, $0.rmseMs) } },
                    mine != nil && own != nil && mine!.rmseMs <= 1.05 * own!.rmseMs)
            }
        }
        // Coverage of the nominal 90% interval: hwgen at each study's headline shots, finetune at
        // 100 target rows.
        for (prefix, estimator, shots) in [
            ("NAS-Bench-201", "hwgen", 10), ("FBNet", "hwgen", 10), ("HELP OFA", "hwgen", 10), ("HELP OFA", "hwgen", 0),
            ("Fine-tuning: Note10 lookup table -> RTX", "finetune (stack)", 100),
            ("Fine-tuning: Note10 lookup table -> Tesla", "finetune (stack)", 100),
        ] {
            let found = study(prefix)
            let coverage = summary(found, estimator, shots: shots)?.meanCoverage90
            check(
                "\(found?.name ?? prefix), \(estimator), \(shots) shots: 90% interval coverage", "85-95%",
                coverage.map { String(format: "%.1f%%", $0) }, coverage.map { coverageGoal.contains($0) } ?? false)
        }
        return checks
    }
}
