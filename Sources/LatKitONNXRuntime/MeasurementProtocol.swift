/// How a latency is measured: warm-up runs, then timed runs each on the monotonic clock, with the
/// load of the other cores read around the timed runs. When that load exceeds `maxLoad`, the
/// protocol waits for a quiet window (at most `quietWaitTimeout` seconds) and measures again, up to
/// `retries` more times; if every attempt was busy, the least busy one is returned.
///
/// A very short inference (a pooling operator takes ~20 µs here) is repeated within each timed
/// run until the run lasts at least `minimumRunMs`, and the run's time is divided by the
/// repetitions: one preemption or clock tick then no longer dominates the figure. The number of
/// repetitions is chosen from the warm-up runs.
public struct MeasurementProtocol: Equatable {
    public var warmupRuns: Int
    public var timedRuns: Int
    /// The batch dimension put in front of an input's (C, H, W).
    public var batchSize: Int
    public var intraOpThreads: Int
    /// ONNX Runtime's graph optimisation level (99: all; lower levels were 3.5-4x slower here).
    public var optimizationLevel: Int
    /// The highest acceptable busy fraction of the other cores; 1 accepts any.
    public var maxLoad: Double
    /// Further attempts when the machine was busier than `maxLoad`.
    public var retries: Int
    /// The longest wait for a quiet window before a retry, in seconds.
    public var quietWaitTimeout: Double
    /// The shortest timed run: faster inferences are repeated within one run (0 turns this off).
    public var minimumRunMs: Double = 0.5

    public init(
        warmupRuns: Int = 10, timedRuns: Int = 50, batchSize: Int = 1, intraOpThreads: Int = 1, optimizationLevel: Int = 99,
        maxLoad: Double = 0.5, retries: Int = 3, quietWaitTimeout: Double = 5
    ) {
        self.warmupRuns = max(warmupRuns, 0)
        self.timedRuns = max(timedRuns, 1)
        self.batchSize = max(batchSize, 1)
        self.intraOpThreads = max(intraOpThreads, 1)
        self.optimizationLevel = optimizationLevel
        self.maxLoad = maxLoad
        self.retries = max(retries, 0)
        self.quietWaitTimeout = max(quietWaitTimeout, 0)
    }

    /// Measures `run` (one inference) by this protocol.
    public func measure(_ run: () throws -> Void) throws -> MeasurementStatistics {
        var best: MeasurementStatistics?
        for attempt in 1...(retries + 1) {
            if attempt > 1 { QuietWindow.wait(maxLoad: maxLoad, threads: intraOpThreads, timeout: quietWaitTimeout) }
            // The load is read over the warm-up and the timed runs: /proc/stat counts 10 ms ticks,
            // and a longer window tells more operators' load.
            let before = CPULoad.Sample.now()
            var warmups: [Double] = []
            for _ in 0..<max(warmupRuns, 1) {
                let start = MonotonicClock.now()
                try run()
                warmups.append((MonotonicClock.now() - start) * 1000)
            }
            let typical = warmups.sorted()[warmups.count / 2]
            let repeats = typical > 0 && typical < minimumRunMs ? Int((minimumRunMs / typical).rounded(.up)) : 1
            var times = [Double](repeating: 0, count: timedRuns)
            for index in 0..<timedRuns {
                let start = MonotonicClock.now()
                for _ in 0..<repeats { try run() }
                times[index] = (MonotonicClock.now() - start) * 1000 / Double(repeats)
            }
            let after = CPULoad.Sample.now()
            let load = before.flatMap { start in after.flatMap { CPULoad.otherCoresLoad(from: start, to: $0, threads: intraOpThreads) } }
            let statistics = MeasurementStatistics(timesMs: times, load: load, attempts: attempt)
            guard let load, load > maxLoad else { return statistics }
            if best == nil || load < best!.load! { best = statistics }
        }
        best!.attempts = retries + 1
        return best!
    }
}
