/// Fast non-dominated sorting and crowding distance (Deb, Pratap, Agarwal, Meyarivan, "A fast
/// and elitist multiobjective genetic algorithm: NSGA-II", IEEE TEC 2002), with constrained
/// domination: a feasible candidate dominates an infeasible one, and infeasible candidates are
/// ranked among themselves by their objectives after every feasible front.
struct ParetoRanking {
    /// Front number of each candidate (0 = non-dominated).
    let rank: [Int]
    /// Crowding distance of each candidate within its front (infinite at the front's ends).
    let crowding: [Double]
    /// The fronts, best first, as candidate indices in ascending index order.
    let fronts: [[Int]]

    /// Ranks `candidates` with objectives oriented by `maximize`.
    init(_ candidates: [Candidate], maximize: [Bool]) {
        let costs = candidates.map { candidate in
            zip(candidate.objectives, maximize).map { value, up in value.isFinite ? (up ? -value : value) : .infinity }
        }
        let n = candidates.count
        var dominatedBy = [[Int]](repeating: [], count: n)
        var dominationCount = [Int](repeating: 0, count: n)
        for p in 0..<n {
            for q in (p + 1)..<max(n, p + 1) {
                switch ParetoRanking.compare(costs[p], candidates[p].feasible, costs[q], candidates[q].feasible) {
                case .first:
                    dominatedBy[p].append(q)
                    dominationCount[q] += 1
                case .second:
                    dominatedBy[q].append(p)
                    dominationCount[p] += 1
                case .neither: break
                }
            }
        }
        var rank = [Int](repeating: 0, count: n)
        var fronts: [[Int]] = []
        var front = (0..<n).filter { dominationCount[$0] == 0 }
        while !front.isEmpty {
            fronts.append(front)
            var next: [Int] = []
            for p in front {
                for q in dominatedBy[p] {
                    dominationCount[q] -= 1
                    if dominationCount[q] == 0 {
                        rank[q] = fronts.count
                        next.append(q)
                    }
                }
            }
            front = next.sorted()
        }
        var crowding = [Double](repeating: 0, count: n)
        let objectiveCount = maximize.count
        for members in fronts {
            guard members.count > 2 else {
                for member in members { crowding[member] = .infinity }
                continue
            }
            for objective in 0..<objectiveCount {
                let sorted = members.sorted {
                    costs[$0][objective] != costs[$1][objective] ? costs[$0][objective] < costs[$1][objective] : $0 < $1
                }
                let low = costs[sorted.first!][objective]
                let high = costs[sorted.last!][objective]
                crowding[sorted.first!] = .infinity
                crowding[sorted.last!] = .infinity
                guard high > low, high.isFinite, low.isFinite else { continue }
                for position in 1..<(sorted.count - 1) {
                    crowding[sorted[position]] +=
                        (costs[sorted[position + 1]][objective] - costs[sorted[position - 1]][objective]) / (high - low)
                }
            }
        }
        self.rank = rank
        self.crowding = crowding
        self.fronts = fronts
    }

    /// Deb's crowded-comparison operator: lower rank wins, then larger crowding distance.
    func better(_ a: Int, than b: Int) -> Bool {
        rank[a] != rank[b] ? rank[a] < rank[b] : crowding[a] > crowding[b]
    }

    enum Dominance { case first, second, neither }

    /// Constrained domination between two cost vectors (all minimized).
    static func compare(_ a: [Double], _ aFeasible: Bool, _ b: [Double], _ bFeasible: Bool) -> Dominance {
        if aFeasible != bFeasible { return aFeasible ? .first : .second }
        var aBetter = false
        var bBetter = false
        for (x, y) in zip(a, b) {
            if x < y { aBetter = true } else if y < x { bBetter = true }
        }
        if aBetter && !bBetter { return .first }
        if bBetter && !aBetter { return .second }
        return .neither
    }
}
