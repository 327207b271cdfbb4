import LatKitPluginKit

/// One evaluated architecture: its canonical text, objectives and feasibility.
struct Candidate {
    var architecture: String
    var objectives: [Double]
    var feasible: Bool

    /// The first objective oriented so that larger is better (NaN counts as the worst value):
    /// what single-objective strategies rank by.
    func score(maximize: [Bool]) -> Double {
        let value = objectives[0]
        guard value.isFinite else { return -.infinity }
        return maximize[0] ? value : -value
    }
}

extension Array where Element == Candidate {
    /// Best first by the first objective; ties keep their order (the sort is made stable by
    /// index), so the same seed ranks the same way on every machine.
    func rankedByScore(maximize: [Bool]) -> [Candidate] {
        enumerated().sorted { a, b in
            let (x, y) = (a.element.score(maximize: maximize), b.element.score(maximize: maximize))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }
}
