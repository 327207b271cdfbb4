import LatKitPluginKit

extension MobileNetV3Space {
    /// Every distinct lookup-table key a subnet of this space can contain at the given
    /// resolutions (all of the space's resolutions when `scope` names none), in network order
    /// within each resolution: what a lookup-table builder must measure.
    ///
    /// Found by building, per resolution, one architecture per uniform choice of depth, kernel and
    /// expand ratio that the space's coupling allows: every stage then holds a first block (the
    /// stage stride, no skip) and later blocks (stride 1, identity skip) with that choice, which is
    /// every block shape the space has.
    func operatorKeys(scope: [String: String]) throws -> [String] {
        var resolutions = rules.resolutions
        if let text = scope["resolution"] {
            resolutions = try text.split(separator: ",").map { part in
                guard let value = Int(part.filter { $0 != " " }), rules.resolutions.contains(value) else {
                    throw PluginError.invalid("resolution '\(part)' is not in this space (\(rules.resolutionsDescription))")
                }
                return value
            }
        }
        typealias Net = MobileNetV3Supernet
        var keys: [String] = []
        var seen = Set<String>()
        for resolution in resolutions {
            for depth in Net.depthChoices {
                let expands = rules.coupling.tiesExpandToDepth ? [GeneCoupling.compofaExpand(depth: depth)] : Net.expandChoices
                let kernels = rules.coupling == .compofaFixedKernel ? [0] : Net.kernelChoices
                for kernel in kernels {
                    for expand in expands {
                        var arch = SubnetArchitecture()
                        arch.resolution = resolution
                        for stage in 0..<Net.stageCount {
                            arch.depths[stage] = UInt8(depth)
                            for block in 0..<Net.slotsPerStage {
                                let slot = stage * Net.slotsPerStage + block
                                arch.kernels[slot] = UInt8(kernel == 0 ? GeneCoupling.fixedStageKernels[stage] : kernel)
                                arch.expands[slot] = UInt8(expand)
                            }
                        }
                        arch.clearInactiveSlots()
                        for layer in supernet.layers(of: arch) where seen.insert(layer.lookupKey).inserted {
                            keys.append(layer.lookupKey)
                        }
                    }
                }
            }
        }
        return keys
    }
}
