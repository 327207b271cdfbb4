extension SearchSpace {
    /// `count` distinct architectures drawn with `seed`: the same list on every machine and every
    /// run, so that `latkit profile -n N --seed K` names the same networks when it resumes.
    /// Duplicate draws (possible when a space samples gene by gene) are skipped; more are drawn,
    /// with derived seeds, until `count` distinct ones are found (or the space runs out).
    public func distinctSample(count: Int, seed: UInt64) throws -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        var round: UInt64 = 0
        while result.count < count, round < 16 {
            let drawn = try sample(count: round == 0 ? count : max(16, count - result.count), seed: seed &+ round &* 0x9E37_79B9_7F4A_7C15)
            for arch in drawn where result.count < count && seen.insert(arch).inserted { result.append(arch) }
            round += 1
        }
        return result
    }
}
