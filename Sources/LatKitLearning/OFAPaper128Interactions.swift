/// Interaction features built from the OFANAS paper's 128-value one-hot OFA encoding, for the
/// additive (ridge) part of the hybrid recipe.
///
/// The paper128 layout (see data/models/ofa_accuracy_predictor README): columns 0-59 kernel
/// one-hot (slot i = 4 * stage + block, columns 3i + {0,1,2} for kernel 3/5/7), 60-119 expand-ratio
/// one-hot (60 + 3i + {0,1,2} for 3/4/6), 120-127 resolution one-hot, bin (r - 112) / 16; an
/// inactive slot is all zero. That one-hot alone is additive per slot and cannot say that a block's
/// cost depends on kernel x expand x resolution together, nor that the total depth acts
/// non-linearly. So the expansion adds, with `s = (r / 224)^2` (r = 112 + 16 bin, the pixel-count
/// scaling of a convolution):
///
/// | columns | count | meaning |
/// |---|---|---|
/// | 0-127 | 128 | the paper128 values |
/// | 128-187 | 60 | kernel one-hot x s |
/// | 188-247 | 60 | expand one-hot x s |
/// | 248-427 | 180 | per slot kernel x expand one-hot (9 per slot) |
/// | 428-607 | 180 | the same x s |
/// | 608-628 | 21 | total active blocks one-hot (0..20) |
/// | 629-649 | 21 | the same x s |
/// | 650-817 | 168 | total active blocks x resolution bin one-hot |
/// | 818-1067 | 250 | for each of the 10 stage pairs, their two depths (0..4 each) one-hot |
/// | 1068-1317 | 250 | the same x s |
package enum OFAPaper128Interactions {
    package static let inputCount = 128
    package static let outputCount = 1318
    package static let slots = 20
    package static let stages = 5
    package static let resolutionBins = 8
    /// Columns of the per-row summary the residual network also sees: the total-depth one-hot.
    package static let summaryCount = 21

    /// Whether `rows x columns` features have the paper128 layout: 128 columns, a one-hot
    /// resolution, and per slot either no kernel and no expand ratio or exactly one of each.
    package static func matches(_ values: UnsafeBufferPointer<Float>, rows: Int, columns: Int) -> Bool {
        guard columns == inputCount, rows > 0 else { return false }
        for row in 0..<rows where validationError(values.baseAddress! + row * columns) != nil { return false }
        return true
    }

    /// Why one row does not have the paper128 layout, or nil when it does.
    package static func validationError(_ x: UnsafePointer<Float>) -> String? {
        var resolution = 0
        for bin in 0..<resolutionBins {
            let value = x[120 + bin]
            if value == 1 { resolution += 1 } else if value != 0 { return "resolution column \(120 + bin) is \(value), not 0 or 1" }
        }
        guard resolution == 1 else { return "the resolution one-hot (columns 120-127) has \(resolution) ones" }
        for slot in 0..<slots {
            var kernel = 0
            var expand = 0
            for choice in 0..<3 {
                let k = x[3 * slot + choice]
                let e = x[60 + 3 * slot + choice]
                guard (k == 0 || k == 1) && (e == 0 || e == 1) else { return "slot \(slot) has a value that is not 0 or 1" }
                kernel += Int(k)
                expand += Int(e)
            }
            guard kernel == expand, kernel <= 1 else { return "slot \(slot) has \(kernel) kernel and \(expand) expand ones" }
        }
        return nil
    }

    /// The choice (0, 1, 2) set in the one-hot triple at `x`, or -1 when none is.
    @inline(__always)
    private static func choice(_ x: UnsafePointer<Float>) -> Int {
        x[0] != 0 ? 0 : x[1] != 0 ? 1 : x[2] != 0 ? 2 : -1
    }

    /// Calls `body(column, value)` for every non-zero expanded feature of row `x` (which must have
    /// the paper128 layout), in no particular order. Allocates nothing: it runs per predicted row.
    @inline(__always)
    package static func forEachNonzero(_ x: UnsafePointer<Float>, _ body: (Int, Float) -> Void) {
        var bin = 0
        for candidate in 0..<resolutionBins where x[120 + candidate] != 0 { bin = candidate }
        let resolution = Float(112 + 16 * bin) / 224
        let s = resolution * resolution
        for column in 0..<inputCount where x[column] != 0 { body(column, x[column]) }
        for column in 0..<60 where x[column] != 0 { body(128 + column, s) }
        for column in 0..<60 where x[60 + column] != 0 { body(188 + column, s) }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: stages) { depths in
            depths.initialize(repeating: 0)
            for slot in 0..<slots {
                let kernel = choice(x + 3 * slot)
                let expand = choice(x + 60 + 3 * slot)
                guard kernel >= 0 && expand >= 0 else { continue }
                depths[slot / 4] += 1
                body(248 + 9 * slot + 3 * kernel + expand, 1)
                body(428 + 9 * slot + 3 * kernel + expand, s)
            }
            var depth = 0
            for stage in 0..<stages { depth += depths[stage] }
            body(608 + depth, 1)
            body(629 + depth, s)
            body(650 + depth * resolutionBins + bin, 1)
            var pair = 0
            for first in 0..<stages {
                for second in (first + 1)..<stages {
                    let column = 25 * pair + 5 * depths[first] + depths[second]
                    body(818 + column, 1)
                    body(1068 + column, s)
                    pair += 1
                }
            }
        }
    }

    /// Writes the summary columns (total-depth one-hot) of row `x` into `out`.
    @inline(__always)
    package static func summary(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        for column in 0..<summaryCount { out[column] = 0 }
        var depth = 0
        for column in 0..<60 where x[column] != 0 { depth += 1 }
        out[min(depth, summaryCount - 1)] = 1
    }
}
