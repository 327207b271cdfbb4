import LatKitPluginKit

extension NetworkLayer {
    /// The layer an OFA lookup-table key describes: the inverse of `lookupKey` for every key kind
    /// (`Conv`, `expanded_conv`, `Conv_1`, `AvgPool2D`, `Conv_2`, `Logits`).
    ///
    /// The key does not record which stage a block is in, so `stage` is -1. The key must be in
    /// `lookupKey`'s exact form (square feature maps, no leading zeros) and describe a layer the
    /// supernet can have: the stem halves the size ((r+1)//2), a block's output size follows its
    /// stride ((f-1)//s+1, stride 1 or 2, odd kernel), an identity skip keeps shape, the head layers
    /// work on 1x1 maps after pooling. Anything else throws an invalid-argument error naming the key.
    init(lookupKey key: String) throws {
        let fields = try LookupKeyFields(key)
        switch fields.operatorName {
        case "Conv":
            try fields.expect(["input", "output"])
            let (input, output) = (try fields.map("input"), try fields.map("output"))
            try fields.check(input.channels == 3, "the stem reads 3 channels")
            try fields.check(output.size == (input.size + 1) / 2, "the stem's stride-2 output is (r+1)//2")
            self.init(
                kind: .stem, inputSize: input.size, outputSize: output.size, inputChannels: input.channels,
                outputChannels: output.channels, hSwish: true)
        case "expanded_conv":
            try fields.expect(["input", "output", "expand", "kernel", "stride", "idskip", "se", "hs"])
            let (input, output) = (try fields.map("input"), try fields.map("output"))
            let (kernel, stride) = (try fields.positive("kernel"), try fields.positive("stride"))
            let identitySkip = try fields.flag("idskip")
            try fields.check(kernel % 2 == 1, "kernel \(kernel) is not odd")
            try fields.check(stride <= 2, "stride \(stride) is not 1 or 2")
            try fields.check(output.size == (input.size - 1) / stride + 1, "the output size is not (f-1)//stride+1")
            try fields.check(
                !identitySkip || (stride == 1 && input.channels == output.channels), "an identity skip needs stride 1 and equal channels")
            self.init(
                kind: .block, inputSize: input.size, outputSize: output.size, inputChannels: input.channels,
                outputChannels: output.channels, middleChannels: try fields.positive("expand"), kernel: kernel, stride: stride,
                identitySkip: identitySkip, squeezeExcite: try fields.flag("se"), hSwish: try fields.flag("hs"))
        case "Conv_1":
            try fields.expect(["input", "output"])
            let (input, output) = (try fields.map("input"), try fields.map("output"))
            try fields.check(input.size == output.size, "the 1x1 final expand conv keeps the size")
            self.init(
                kind: .finalExpand, inputSize: input.size, outputSize: output.size, inputChannels: input.channels,
                outputChannels: output.channels, hSwish: true)
        case "AvgPool2D":
            try fields.expect(["input", "output"])
            let (input, output) = (try fields.map("input"), try fields.map("output"))
            try fields.check(output.size == 1 && output.channels == input.channels, "global pooling gives 1x1 with the same channels")
            self.init(kind: .pool, inputSize: input.size, outputSize: 1, inputChannels: input.channels, outputChannels: output.channels)
        case "Conv_2":
            try fields.expect(["input", "output"])
            let (input, output) = (try fields.map("input"), try fields.map("output"))
            try fields.check(input.size == 1 && output.size == 1, "the feature-mix conv works on 1x1 maps")
            self.init(
                kind: .featureMix, inputSize: 1, outputSize: 1, inputChannels: input.channels, outputChannels: output.channels,
                hSwish: true)
        case "Logits":
            try fields.expect(["input", "output"])
            let input = try fields.map("input")
            try fields.check(input.size == 1, "the classifier reads a 1x1 map")
            self.init(
                kind: .logits, inputSize: 1, outputSize: 1, inputChannels: input.channels, outputChannels: try fields.positive("output"))
        default:
            throw fields.invalid("unknown operator '\(fields.operatorName)'; known: Conv, expanded_conv, Conv_1, AvgPool2D, Conv_2, Logits")
        }
        let canonical = lookupKey
        try fields.check(canonical == key, "not in canonical form ('\(canonical)')")
    }
}

/// A lookup-table key split into its operator name and `name:value` fields, with typed reads
/// whose errors name the whole key.
private struct LookupKeyFields {
    let key: String
    let operatorName: String
    private let fields: [(name: Substring, value: Substring)]

    init(_ key: String) throws {
        self.key = key
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        operatorName = String(parts[0])
        var fields: [(name: Substring, value: Substring)] = []
        for part in parts.dropFirst() {
            guard let colon = part.firstIndex(of: ":") else {
                throw PluginError.invalid("lookup key '\(key)': field '\(part)' is not name:value")
            }
            fields.append((part[..<colon], part[part.index(after: colon)...]))
        }
        self.fields = fields
    }

    func invalid(_ reason: String) -> PluginError { .invalid("lookup key '\(key)': \(reason)") }

    func check(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        if !condition { throw invalid(reason()) }
    }

    /// Requires exactly these field names in this order.
    func expect(_ names: [String]) throws {
        let actual = fields.map { String($0.name) }
        try check(actual == names, "\(operatorName) has fields \(actual.joined(separator: ",")); expected \(names.joined(separator: ","))")
    }

    /// A square feature map `HxWxC` (H = W).
    func map(_ name: String) throws -> (size: Int, channels: Int) {
        let parts = value(name).split(separator: "x", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }.filter { $0 > 0 }
        guard parts.count == 3, numbers.count == 3, numbers[0] == numbers[1] else {
            throw invalid("\(name) '\(value(name))' is not a square HxWxC feature map of positive sizes")
        }
        return (numbers[0], numbers[2])
    }

    func positive(_ name: String) throws -> Int {
        guard let number = Int(value(name)), number > 0 else { throw invalid("\(name) '\(value(name))' is not a positive integer") }
        return number
    }

    func flag(_ name: String) throws -> Bool {
        switch value(name) {
        case "0": return false
        case "1": return true
        default: throw invalid("\(name) '\(value(name))' is not 0 or 1")
        }
    }

    /// The value of field `name` (present: `expect` ran first).
    private func value(_ name: String) -> Substring { fields.first { $0.name == name }?.value ?? "" }
}
