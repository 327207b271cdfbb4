/// A lookup table's own error on one device, apart from the machine's drift: each network is timed
/// and then each of its operators, alternately, round after round, so that both see the same
/// moments.
///
/// A table is built minutes before the networks it is compared with, and a shared virtual machine's
/// speed moves by 10-30% in phases of seconds, at times with no load the guest can read; the
/// stored table's reading of stored networks mixes its own error (an operator alone pays for its
/// own call and layout reorders, and misses what it shares with its neighbours) with that drift.
/// Here every model runs `runsPerRound` times back to back after one untimed run, and its fastest
/// run counts, as `lut build` and `profile` time a model over consecutive warm runs; the ratio of
/// one round is the operators' fastest runs, each times its count in the network, over the
/// network's fastest run, and a network's ratio is the median over its rounds.
public struct InterleavedTableCheck: Sendable {
    /// Rounds per network.
    public var rounds: Int
    /// Timed runs of each model in a round.
    public var runsPerRound: Int

    /// A check of `rounds` rounds (at least 1) of `runsPerRound` timed runs (at least 1).
    public init(rounds: Int = 10, runsPerRound: Int = 3) {
        self.rounds = max(rounds, 1)
        self.runsPerRound = max(runsPerRound, 1)
    }

    /// For each of `networks` (canonical architectures of `space`), the median over the rounds of
    /// its operators' sum over its own latency: 1 when the table reads it exactly, above 1 when
    /// the table reads high. Measured with `profiler` at the batch size and threads of `settings`
    /// (their warm-up and timed runs are this check's own) and stored nowhere; `progress` hears
    /// after each network. Throws when a network or operator could not be measured.
    public func ratios(
        _ networks: [String], space: SearchSpace, profiler: Profiler, settings: MeasurementSettings,
        progress: ((_ done: Int) -> Void)? = nil
    ) throws -> [Double] {
        let settings = MeasurementSettings(warmupRuns: 1, timedRuns: runsPerRound, batchSize: settings.batchSize, threads: settings.threads)
        let operators = try space.operators(networks)
        var result: [Double] = []
        for (network, operators) in zip(networks, operators) {
            let keys = operators.map(\.key)
            var ratios: [Double] = []
            for _ in 0..<rounds {
                let whole = try ProfilingSession.measure([network], kind: .network, space: space, profiler: profiler, settings: settings)[0]
                let parts = try ProfilingSession.measure(keys, kind: .operator, space: space, profiler: profiler, settings: settings)
                let sum = zip(parts, operators).reduce(0.0) { $0 + $1.0.minMs * $1.1.count }
                ratios.append(sum / whole.minMs)
            }
            result.append(median(ratios))
            progress?(result.count)
        }
        return result
    }
}
