/// A lookup table's own error on one device, apart from the machine's drift: each network is timed
/// and then each of its operators, alternately, round after round, so that both see the same
/// moments.
///
/// A table is built minutes before the networks it is compared with, and a shared virtual machine's
/// speed moves by 10-30% in phases of seconds, at times with no load the guest can read; the
/// stored table's reading of stored networks mixes its own error (an operator timed run after run
/// finds its weights and input in cache, where in a network the operators before it evicted them,
/// and pays for its own call and layout reorders, which a network pays once) with that drift.
/// Here every model runs `runsPerRound` times back to back after one untimed run, and its fastest
/// run counts, as `lut build` and `profile` time a model over consecutive warm runs; the ratio of
/// one round is the operators' fastest runs, each times its count in the network, over the
/// network's fastest run, and a network's ratio is the median over its rounds.
public struct InterleavedTableCheck: Sendable {
    /// Rounds per network.
    public let rounds: Int
    /// Timed runs of each model in a round.
    public let runsPerRound: Int

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
            guard !operators.isEmpty else { throw ProfilingError("\(network) lists no operators: no lookup table reads it") }
            // Exported once: each round then times the network and its operators back to back.
            let whole = try ProfilingSession.batch([network], kind: .network, space: space, profiler: profiler)
            let parts = try ProfilingSession.batch(operators.map(\.key), kind: .operator, space: space, profiler: profiler)
            var ratios: [Double] = []
            for _ in 0..<rounds {
                let networkMs = try ProfilingSession.measure(whole, profiler: profiler, settings: settings)[0].minMs
                let operatorsMs = try ProfilingSession.measure(parts, profiler: profiler, settings: settings)
                ratios.append(zip(operatorsMs, operators).reduce(0.0) { $0 + $1.0.minMs * $1.1.count } / networkMs)
            }
            result.append(median(ratios))
            progress?(result.count)
        }
        return result
    }
}
