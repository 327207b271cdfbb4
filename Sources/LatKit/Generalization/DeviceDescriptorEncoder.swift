import Foundation

/// Turns hardware specifications into the device view's descriptor rows.
///
/// Every numeric field of `HardwareSpecs` (cores, SMs, memory, bus width, bandwidth, clocks, TDP)
/// enters as its natural log, standardized with the mean and standard deviation of that log over
/// the reference table, so no input is of a larger magnitude than a few units (the paper fed raw
/// values of about 4,000 and its model diverged). A missing field is never read as 0: it is
/// imputed with the mean log of the reference devices of the same kind (GPU, CPU, phone, other),
/// or of all devices when none of that kind has it, and flagged in a `missing_<field>` column.
/// Four `kind_*` columns say what the device is. A device absent from the table has every field
/// missing (all flagged) and its kind from the device table's class.
public struct DeviceDescriptorEncoder: Sendable {
    /// The reference table: the scale and the imputed values come from its devices.
    public let reference: HardwareSpecs
    /// Descriptor column names, in order.
    public let featureNames: [String]
    private let means: [Double]
    private let scales: [Double]
    private let kindMeans: [String: [Double?]]

    /// The kinds the descriptor tells apart.
    static let kinds = ["gpu", "cpu", "phone", "other"]

    /// An encoder scaled on `reference`.
    public init(reference: HardwareSpecs) {
        self.reference = reference
        let fields = HardwareSpecs.featureNames
        featureNames = fields.map { "log_\($0)" } + fields.map { "missing_\($0)" } + Self.kinds.map { "kind_\($0)" }
        var means: [Double] = []
        var scales: [Double] = []
        var kindMeans: [String: [Double?]] = [:]
        for field in fields.indices {
            let logs = reference.devices.compactMap { $0.features[field] }.filter { $0 > 0 }.map { log($0) }
            let mean = logs.isEmpty ? 0 : logs.reduce(0, +) / Double(logs.count)
            let variance = logs.isEmpty ? 0 : logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count)
            means.append(mean)
            scales.append(variance > 1e-12 ? variance.squareRoot() : 1)
            for kind in Self.kinds {
                let ofKind = reference.devices.filter { Self.kind(of: $0.kind) == kind }.compactMap { $0.features[field] }.filter { $0 > 0 }
                    .map { log($0) }
                kindMeans[kind, default: []].append(ofKind.isEmpty ? nil : ofKind.reduce(0, +) / Double(ofKind.count))
            }
        }
        self.means = means
        self.scales = scales
        self.kindMeans = kindMeans
    }

    /// The descriptor kind of a device class or hardware kind such as `desktop_gpu` or `mobile_phone`.
    static func kind(of text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("gpu") { return "gpu" }
        if lower.contains("cpu") { return "cpu" }
        if lower.contains("phone") { return "phone" }
        return "other"
    }

    /// The descriptor of `series` (hardware looked up in the reference table), and the names of the fields that were imputed.
    public func descriptor(of series: DeviceSeries) -> (values: [Float], imputed: [String]) {
        let spec = reference.device(series.hardwareID)
        return descriptor(spec: spec, deviceClass: series.deviceClass)
    }

    /// The descriptor of a device with specification `spec` (nil: nothing known) and class `deviceClass`.
    public func descriptor(spec: DeviceSpec?, deviceClass: String) -> (values: [Float], imputed: [String]) {
        let kind = Self.kind(of: spec?.kind.isEmpty == false ? spec!.kind : deviceClass)
        var values: [Float] = []
        var flags: [Float] = []
        var imputed: [String] = []
        for (field, name) in HardwareSpecs.featureNames.enumerated() {
            if let value = spec?.features[field], value > 0 {
                values.append(Float((log(value) - means[field]) / scales[field]))
                flags.append(0)
            } else {
                let fill = kindMeans[kind]?[field] ?? means[field]
                values.append(Float((fill - means[field]) / scales[field]))
                flags.append(1)
                imputed.append(name)
            }
        }
        return (values + flags + Self.kinds.map { $0 == kind ? 1 : 0 }, imputed)
    }

    /// Device view rows for `series[i]` repeated for each row: row `r` belongs to series `seriesOfRow[r]`.
    public func rows(series: [DeviceSeries], seriesOfRow: [Int]) -> DeviceRows {
        let descriptors = series.map { descriptor(of: $0).values }
        var values: [Float] = []
        values.reserveCapacity(seriesOfRow.count * featureNames.count)
        for index in seriesOfRow { values += descriptors[index] }
        return DeviceRows(
            featureNames: featureNames, values: values, deviceIDs: seriesOfRow.map { series[$0].hardwareID },
            batchSizes: seriesOfRow.map { Float(series[$0].batchSize ?? 1) })
    }
}
