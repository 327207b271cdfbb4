import Synchronization

extension NetworkLayer {
    /// The layer's key in OFA's latency lookup tables (`MBv3LatencyTable`, e.g. the Note10 YAML
    /// files), e.g. `expanded_conv-input:14x14x136-output:14x14x136-expand:408-kernel:3-stride:1-idskip:1-se:1-hs:1`,
    /// `Conv-input:224x224x3-output:112x112x24`, `Conv_1-input:7x7x192-output:7x7x1152`,
    /// `AvgPool2D-input:7x7x1152-output:1x1x1152`, `Conv_2-input:1x1x1152-output:1x1x1536`,
    /// `Logits-input:1x1x1536-output:1000`.
    var lookupKey: String {
        let shapes = "input:\(inputSize)x\(inputSize)x\(inputChannels)-output:"
        switch kind {
        case .stem: return "Conv-\(shapes)\(outputSize)x\(outputSize)x\(outputChannels)"
        case .finalExpand: return "Conv_1-\(shapes)\(outputSize)x\(outputSize)x\(outputChannels)"
        case .pool: return "AvgPool2D-\(shapes)1x1x\(outputChannels)"
        case .featureMix: return "Conv_2-\(shapes)1x1x\(outputChannels)"
        case .logits: return "Logits-\(shapes)\(outputChannels)"
        case .block:
            return "expanded_conv-\(shapes)\(outputSize)x\(outputSize)x\(outputChannels)-expand:\(middleChannels)"
                + "-kernel:\(kernel)-stride:\(stride)-idskip:\(flag(identitySkip))-se:\(flag(squeezeExcite))-hs:\(flag(hSwish))"
        }
    }

    private func flag(_ value: Bool) -> Int { value ? 1 : 0 }
}

extension MobileNetV3Supernet {
    /// The distinct lookup-table keys of `arch` in network order, each with how often it occurs;
    /// `keys` formats each distinct layer's key once.
    func operators(of arch: SubnetArchitecture, keys: LookupKeyCache) -> [(key: String, count: Double)] {
        keys.withIDs(of: layers(of: arch)) { ids, table in
            var result: [(key: String, count: Double)] = []
            var seen: [Int] = []  // key ids of `result`, in order: at most ~26, a scan beats hashing
            for id in ids {
                if let index = seen.firstIndex(of: id) {
                    result[index].count += 1
                } else {
                    seen.append(id)
                    result.append((table[id], 1))
                }
            }
            return result
        }
    }
}

/// Interns lookup-table keys: each distinct layer's key is formatted once, and each distinct key
/// gets a small id (two layers can share a key: the stage is not part of it). Searches ask for
/// the operators of tens of thousands of networks built from a few thousand distinct layers;
/// formatting their keys anew was most of the work.
final class LookupKeyCache: Sendable {
    private struct Table {
        var idOfLayer: [NetworkLayer: Int] = [:]
        var idOfKey: [String: Int] = [:]
        var keys: [String] = []
    }
    private let table = Mutex(Table())

    /// Runs `body` with the key id of each of `layers` and the key of every id.
    func withIDs<T>(of layers: [NetworkLayer], _ body: ([Int], [String]) -> T) -> T {
        table.withLock { table in
            let ids = layers.map { layer in
                if let id = table.idOfLayer[layer] { return id }
                let key = layer.lookupKey
                let id = table.idOfKey[key] ?? table.keys.count
                if id == table.keys.count {
                    table.keys.append(key)
                    table.idOfKey[key] = id
                }
                table.idOfLayer[layer] = id
                return id
            }
            return body(ids, table.keys)
        }
    }
}
