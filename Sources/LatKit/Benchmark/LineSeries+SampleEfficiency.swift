extension LineSeries {
    /// Sample-efficiency lines from `records`: per estimator, the mean of `metric` against n_train,
    /// with the sample standard deviation over repeats as error bars. Ready for a ``LineChart``.
    public static func sampleEfficiency(
        _ records: [BenchmarkRecord], metric: KeyPath<BenchmarkRecord, Double> = \.rmseMs
    ) -> [LineSeries] {
        let groups = RepeatSummary.grouped(records, metric: metric)
        var order: [String] = []
        for group in groups where !order.contains(group.estimator) { order.append(group.estimator) }
        return order.map { estimator in
            LineSeries(
                name: estimator,
                points: groups.filter { $0.estimator == estimator }.map {
                    LinePoint(x: Double($0.nTrain), y: $0.summary.mean, spread: $0.summary.count > 1 ? $0.summary.standardDeviation : nil)
                })
        }
    }
}
