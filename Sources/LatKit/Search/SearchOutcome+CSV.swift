extension SearchOutcome {
    /// Evaluator names in the CSV's column order: objectives first, then the rest by name.
    var evaluatorColumns: [String] {
        let objectiveNames = objectives.map(\.name)
        let others = Set(results.flatMap { $0.values.keys }).subtracting(objectiveNames).sorted()
        return objectiveNames + others
    }

    /// The results as CSV: `rank,architecture,feasible`, then each evaluator's value and, where it
    /// has one, its standard deviation (`<name>_std`).
    public func csv() -> String {
        let names = evaluatorColumns
        let withStd = Set(results.flatMap { $0.deviations.keys })
        var header = ["rank", "architecture", "feasible"]
        for name in names {
            header.append(name)
            if withStd.contains(name) { header.append(name + "_std") }
        }
        var lines = [header.joined(separator: ",")]
        for (rank, record) in results.enumerated() {
            var fields = [String(rank + 1), quotedCSV(record.architecture), record.feasible ? "true" : "false"]
            for name in names {
                fields.append(record.values[name].map { "\($0)" } ?? "")
                if withStd.contains(name) { fields.append(record.deviations[name].map { "\($0)" } ?? "") }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
