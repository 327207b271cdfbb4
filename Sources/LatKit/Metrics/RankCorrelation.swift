/// Rank correlations between two sequences, with ties handled: for judging whether a predictor
/// orders architectures as the measurements do.
public enum RankCorrelation {
    /// 1-based ranks; tied values share the average of the ranks they span (e.g. [10, 20, 20, 30]
    /// -> [1, 2.5, 2.5, 4]).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            let average = Double(start + 1 + end) / 2  // mean of ranks start+1 ... end
            for position in start..<end { ranks[order[position]] = average }
            start = end
        }
        return ranks
    }

    /// Spearman's rho: the Pearson correlation of the average ranks. nil when it is undefined
    /// (fewer than two values, or either sequence constant). Throws for sequences of different
    /// lengths, empty ones or non-finite values.
    public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double? {
        try MetricError.check(x, y, names: ("first", "second"))
        let rx = averageRanks(x)
        let ry = averageRanks(y)
        let mean = Double(x.count + 1) / 2  // average ranks always have this mean
        var covariance = 0.0
        var varianceX = 0.0
        var varianceY = 0.0
        for (a, b) in zip(rx, ry) {
            covariance += (a - mean) * (b - mean)
            varianceX += (a - mean) * (a - mean)
            varianceY += (b - mean) * (b - mean)
        }
        guard varianceX > 0, varianceY > 0 else { return nil }
        return covariance / (varianceX * varianceY).squareRoot()
    }

    /// Kendall's tau-b, which corrects for ties: (C - D) / sqrt((n0 - n1)(n0 - n2)) with C and D the
    /// concordant and discordant pairs, n0 = n(n-1)/2, n1 and n2 the pairs tied in x and in y.
    /// O(n log n) (Knight's method: sort by (x, y), count the inversions of y by merge sort).
    /// nil when undefined (fewer than two values, or either sequence constant).
    public static func kendallTauB(_ x: [Double], _ y: [Double]) throws -> Double? {
        try MetricError.check(x, y, names: ("first", "second"))
        let n = x.count
        let order = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : y[$0] < y[$1] }
        var tiedX = 0
        var tiedBoth = 0
        var runX = 1
        var runBoth = 1
        for position in 1..<max(n, 1) {
            let (i, j) = (order[position - 1], order[position])
            if x[i] == x[j] {
                runX += 1
                runBoth = y[i] == y[j] ? runBoth + 1 : 1
            } else {
                runX = 1
                runBoth = 1
            }
            // A run of length t adds t-1 new pairs when it grows to t.
            tiedX += runX - 1
            tiedBoth += runBoth - 1
        }
        var ySorted = order.map { y[$0] }
        var scratch = ySorted
        let discordant = countInversions(&ySorted, &scratch, 0, n)
        var tiedY = 0
        var runY = 1
        for position in 1..<max(n, 1) {
            runY = ySorted[position] == ySorted[position - 1] ? runY + 1 : 1
            tiedY += runY - 1
        }
        let pairs = n * (n - 1) / 2
        let denominator = Double(pairs - tiedX) * Double(pairs - tiedY)
        guard denominator > 0 else { return nil }
        let score = pairs - tiedX - tiedY + tiedBoth - 2 * discordant
        return Double(score) / denominator.squareRoot()
    }

    /// Sorts values[lower..<upper] ascending and returns the number of pairs i < j with
    /// values[i] > values[j] (equal values are not inversions).
    private static func countInversions(_ values: inout [Double], _ scratch: inout [Double], _ lower: Int, _ upper: Int) -> Int {
        guard upper - lower > 1 else { return 0 }
        let middle = (lower + upper) / 2
        var count = countInversions(&values, &scratch, lower, middle) + countInversions(&values, &scratch, middle, upper)
        var left = lower
        var right = middle
        var out = lower
        while left < middle && right < upper {
            if values[left] <= values[right] {
                scratch[out] = values[left]
                left += 1
            } else {
                scratch[out] = values[right]
                count += middle - left
                right += 1
            }
            out += 1
        }
        while left < middle {
            scratch[out] = values[left]
            left += 1
            out += 1
        }
        while right < upper {
            scratch[out] = values[right]
            right += 1
            out += 1
        }
        for index in lower..<upper { values[index] = scratch[index] }
        return count
    }
}
