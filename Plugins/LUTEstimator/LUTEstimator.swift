import LatKitPluginABI
import LatKitPluginKit

/// The OFA / ProxylessNAS lookup-table estimator: a network's latency is the sum, over its
/// operators, of count x the table's mean latency of that operator.
///
/// The table comes from `table=PATH` (see `LookupTableFiles`) or from a saved model; it holds one
/// sub-table per resolution, and each row is priced from the one that holds all its keys (see
/// `LookupTable`). Its standard
/// deviation treats every operator occurrence as an independent timing with the table's std:
/// std = sqrt(Σ count · stdₖ²). A key missing from the table is an error naming it, never 0 ms.
/// Nothing is learnt (no CAN_FIT): the table is the model. Saving writes the whole table, so a
/// model file is self-contained.
///
/// Saved state (little-endian, see `SavedStateWriter`): magic "LKLT", version 1, `UInt32`
/// sub-table count, then per sub-table (in load order) its name (`String`), `UInt32` entry count
/// and per entry (sorted by key) the key (`String`), mean, std and sample count (`Double` each).
final class LUTEstimator: EstimatorPlugin {
    static let name = "lut"
    static let version = "1.0.0"
    static let summary = "Operator lookup table (OFA/ProxylessNAS): sum of count x mean per operator, std from per-entry std"
    static let optionsHelp = """
        table=  lookup table: an OFA <r>_lookup_table.yaml file, a folder of them, or a CSV with key,mean_ms[,std_ms,count] (or load a saved model)
        """
    static let views = Int(LATKIT_VIEW_OPERATORS)
    static let capabilities = Int(LATKIT_HAS_STD | LATKIT_CAN_SAVE)

    static let magic: StaticString = "LKLT"
    private var table: LookupTable?

    init(options: PluginOptions) throws {
        let path = options.string("table", default: "")
        table = path.isEmpty ? nil : try LookupTableFiles.load(path)
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        throw PluginError.unsupported("lut does not learn: give its table with table=PATH (or use lut-fitted to learn one)")
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let table else { throw PluginError.state("lut has no table: give table=PATH or load a saved lut model") }
        for row in 0..<batch.count {
            let sum = try table.price(try batch.checkedOperators(ofRow: row), row: row)
            mean[row] = sum.mean
            std?[row] = sum.variance.squareRoot()
        }
    }

    func save() throws -> [UInt8] {
        guard let table else { throw PluginError.state("nothing to save: lut has no table") }
        var writer = SavedStateWriter(magic: Self.magic, version: 1)
        writer.write(UInt32(table.names.count))
        for (name, entries) in zip(table.names, table.tables) {
            writer.write(name)
            writer.write(UInt32(entries.count))
            for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
                writer.write(key)
                writer.write(entry.mean)
                writer.write(entry.std)
                writer.write(entry.samples)
            }
        }
        return writer.bytes
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = try SavedStateReader(bytes, magic: Self.magic, versions: 1...1, what: "lut")
        var loaded = LookupTable()
        for _ in 0..<(try reader.readCount(minimumItemBytes: 8)) {
            let name = try reader.readString()
            for _ in 0..<(try reader.readCount(minimumItemBytes: 28)) {
                let key = try reader.readString()
                let entry = LookupEntry(mean: try reader.readDouble(), std: try reader.readDouble(), samples: try reader.readDouble())
                try loaded.add(key, entry, table: name, source: "the saved model")
            }
        }
        try reader.finish()
        table = loaded
    }
}
