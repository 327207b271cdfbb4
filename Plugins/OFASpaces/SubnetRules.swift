import LatKitPluginKit
import LatKitRandom

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a space ties the genes of its subnets together.
enum GeneCoupling: Sendable {
    /// OFA: every active block picks its kernel and expand ratio freely.
    case free
    /// CompOFA, fixed kernel: kernels are fixed per stage (3,5,3,3,5) and each stage's expand
    /// ratio follows its depth (d2 -> e3, d3 -> e4, d4 -> e6).
    case compofaFixedKernel
    /// CompOFA, elastic kernel: free kernel per block, expand ratio tied to depth as above.
    case compofaElasticKernel

    /// Kernel of every block of each stage in the fixed-kernel CompOFA space.
    static let fixedStageKernels = [3, 5, 3, 3, 5]

    /// The expand ratio CompOFA ties to a stage depth.
    static func compofaExpand(depth: Int) -> Int { depth == 2 ? 3 : depth == 3 ? 4 : 6 }

    var tiesExpandToDepth: Bool { self != .free }
}

/// The rules of one space: which values each gene may take, how they are coupled, and the
/// evolutionary operators (sampling, mutation, crossover) that keep to those rules.
///
/// Sampling follows OFA's `random_sample`: each stage depth, each active block's kernel and expand
/// ratio, and the resolution are drawn uniformly and independently (uniform per gene, not over
/// distinct networks). Mutation follows OFA's evolution finder: the resolution is redrawn with
/// `resolutionProbability`, each block slot's kernel and expand ratio with `mutationProbability`,
/// then each stage depth with `mutationProbability`; a block that becomes active without values
/// gets fresh uniform ones. Crossover picks each gene (kernel and expand ratio per slot, depth per
/// stage, resolution) from either parent with equal chance; an active slot whose chosen parent has
/// it inactive takes the other parent's value (which always exists, as the child's depth is one
/// parent's). CompOFA spaces draw only their free genes and derive the tied ones.
struct SubnetRules: Sendable {
    let coupling: GeneCoupling
    let resolutions: [Int]

    private typealias Net = MobileNetV3Supernet

    /// The resolutions as short text: "128..224 step 4" or "160,176,224".
    var resolutionsDescription: String {
        if resolutions.count >= 3 {
            let step = resolutions[1] - resolutions[0]
            if step > 0, zip(resolutions, resolutions.dropFirst()).allSatisfy({ $1 - $0 == step }) {
                return "\(resolutions[0])..\(resolutions[resolutions.count - 1]) step \(step)"
            }
        }
        return resolutions.map(String.init).joined(separator: ",")
    }

    /// log10 of the number of distinct subnets (inactive slots do not count).
    var sizeLog10: Double {
        let kernels = coupling == .compofaFixedKernel ? 1.0 : Double(Net.kernelChoices.count)
        let expands = coupling.tiesExpandToDepth ? 1.0 : Double(Net.expandChoices.count)
        let perStage = Net.depthChoices.reduce(0.0) { $0 + pow(kernels * expands, Double($1)) }
        return Double(Net.stageCount) * log10(perStage) + log10(Double(resolutions.count))
    }

    // MARK: Validation

    /// Checks parsed lists against the rules and returns the architecture in canonical form
    /// (inactive slots zeroed), or throws naming the field, position and allowed values.
    func validate(_ lists: ArchitectureLists) throws -> SubnetArchitecture {
        try checkCount("ks", lists.kernelCount, Net.slotCount, "one kernel per block slot, 4 slots x 5 stages")
        try checkCount("e", lists.expandCount, Net.slotCount, "one expand ratio per block slot, 4 slots x 5 stages")
        try checkCount("d", lists.depthCount, Net.stageCount, "one depth per stage")
        var arch = SubnetArchitecture()
        for stage in 0..<Net.stageCount {
            let depth = Int(lists.depths[stage])
            guard Net.depthChoices.contains(depth) else {
                throw PluginError.invalid("d: stage \(stage) has depth \(depth); allowed \(list(Net.depthChoices))")
            }
            arch.depths[stage] = UInt8(depth)
        }
        for slot in 0..<Net.slotCount {
            let kernel = try checkSlot("ks", "kernel", slot, Int(lists.kernels[slot]), Net.kernelChoices, arch)
            let expand = try checkSlot("e", "expand ratio", slot, Int(lists.expands[slot]), Net.expandChoices, arch)
            guard arch.isActive(slot: slot) else { continue }
            let stage = slot / Net.slotsPerStage
            if coupling == .compofaFixedKernel, kernel != GeneCoupling.fixedStageKernels[stage] {
                throw PluginError.invalid(
                    "ks: slot \(slot) (stage \(stage), block \(slot % 4)) has kernel \(kernel), but the fixed-kernel CompOFA space "
                        + "uses kernel \(GeneCoupling.fixedStageKernels[stage]) in stage \(stage) (kernels per stage: "
                        + "\(list(GeneCoupling.fixedStageKernels)))")
            }
            if coupling.tiesExpandToDepth, expand != GeneCoupling.compofaExpand(depth: Int(arch.depths[stage])) {
                let depth = Int(arch.depths[stage])
                throw PluginError.invalid(
                    "e: slot \(slot) (stage \(stage), block \(slot % 4)) has expand ratio \(expand), but CompOFA ties the expand "
                        + "ratio to the stage depth (d=\(depth) -> e=\(GeneCoupling.compofaExpand(depth: depth)); d2->e3, d3->e4, d4->e6)")
            }
            arch.kernels[slot] = UInt8(kernel)
            arch.expands[slot] = UInt8(expand)
        }
        guard resolutions.contains(lists.resolution) else {
            throw PluginError.invalid("r: resolution \(lists.resolution) is not allowed; allowed \(resolutionsDescription)")
        }
        arch.resolution = lists.resolution
        return arch
    }

    private func checkCount(_ field: String, _ count: Int, _ needed: Int, _ meaning: String) throws {
        guard count == needed else {
            throw PluginError.invalid("\(field) has \(count) value\(count == 1 ? "" : "s"), needs \(needed) (\(meaning))")
        }
    }

    /// Checks one slot's value: an allowed value, or 0 only in an inactive slot.
    private func checkSlot(
        _ field: String, _ what: String, _ slot: Int, _ value: Int, _ allowed: [Int], _ arch: SubnetArchitecture
    ) throws -> Int {
        let active = arch.isActive(slot: slot)
        if allowed.contains(value) || (!active && value == 0) { return value }
        let stage = slot / Net.slotsPerStage
        let place = "\(field): slot \(slot) (stage \(stage), block \(slot % Net.slotsPerStage))"
        if value == 0 {
            throw PluginError.invalid(
                "\(place) is 0, but the block is active (d[\(stage)]=\(arch.depths[stage])); allowed \(list(allowed))")
        }
        throw PluginError.invalid(
            "\(place) has \(what) \(value); allowed \(list(allowed))\(active ? "" : " (or 0 beyond the stage's depth)")")
    }

    private func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: ",") }

    // MARK: Sampling and variation

    /// One architecture drawn uniformly per gene.
    func sample(using random: inout SeededGenerator) -> SubnetArchitecture {
        var arch = SubnetArchitecture()
        for stage in 0..<Net.stageCount { arch.depths[stage] = UInt8(random.element(of: Net.depthChoices)) }
        fillActiveSlots(&arch, using: &random)
        arch.resolution = random.element(of: resolutions)
        return arch
    }

    /// A mutant of `parent` (see the type's comment).
    func mutate(
        _ parent: SubnetArchitecture, mutationProbability: Double, resolutionProbability: Double, using random: inout SeededGenerator
    ) -> SubnetArchitecture {
        var child = parent
        if random.double() < resolutionProbability { child.resolution = random.element(of: resolutions) }
        if coupling != .compofaFixedKernel {
            for slot in 0..<Net.slotCount where random.double() < mutationProbability {
                child.kernels[slot] = UInt8(random.element(of: Net.kernelChoices))
                if coupling == .free { child.expands[slot] = UInt8(random.element(of: Net.expandChoices)) }
            }
        }
        for stage in 0..<Net.stageCount where random.double() < mutationProbability {
            child.depths[stage] = UInt8(random.element(of: Net.depthChoices))
        }
        fillActiveSlots(&child, using: &random)
        return child
    }

    /// A child of `first` and `second` by uniform crossover (see the type's comment).
    func crossover(_ first: SubnetArchitecture, _ second: SubnetArchitecture, using random: inout SeededGenerator) -> SubnetArchitecture {
        var child = first
        func pick(_ a: UInt8, _ b: UInt8, _ random: inout SeededGenerator) -> UInt8 {
            random.int(below: 2) == 0 ? (a != 0 ? a : b) : (b != 0 ? b : a)
        }
        if coupling != .compofaFixedKernel {
            for slot in 0..<Net.slotCount {
                child.kernels[slot] = pick(first.kernels[slot], second.kernels[slot], &random)
                if coupling == .free { child.expands[slot] = pick(first.expands[slot], second.expands[slot], &random) }
            }
        }
        for stage in 0..<Net.stageCount {
            child.depths[stage] = random.int(below: 2) == 0 ? first.depths[stage] : second.depths[stage]
        }
        child.resolution = random.int(below: 2) == 0 ? first.resolution : second.resolution
        fillActiveSlots(&child, using: &random)
        return child
    }

    /// Gives every active slot that holds 0 a uniform value, applies the coupling to active
    /// slots, and zeroes inactive slots.
    private func fillActiveSlots(_ arch: inout SubnetArchitecture, using random: inout SeededGenerator) {
        for stage in 0..<Net.stageCount {
            let depth = Int(arch.depths[stage])
            for block in 0..<Net.slotsPerStage {
                let slot = stage * Net.slotsPerStage + block
                guard block < depth else {
                    arch.kernels[slot] = 0
                    arch.expands[slot] = 0
                    continue
                }
                switch coupling {
                case .free:
                    if arch.kernels[slot] == 0 { arch.kernels[slot] = UInt8(random.element(of: Net.kernelChoices)) }
                    if arch.expands[slot] == 0 { arch.expands[slot] = UInt8(random.element(of: Net.expandChoices)) }
                case .compofaElasticKernel:
                    if arch.kernels[slot] == 0 { arch.kernels[slot] = UInt8(random.element(of: Net.kernelChoices)) }
                    arch.expands[slot] = UInt8(GeneCoupling.compofaExpand(depth: depth))
                case .compofaFixedKernel:
                    arch.kernels[slot] = UInt8(GeneCoupling.fixedStageKernels[stage])
                    arch.expands[slot] = UInt8(GeneCoupling.compofaExpand(depth: depth))
                }
            }
        }
    }
}
