/// One latency series of a multi-device data set: a device at a batch size.
public struct DeviceSeries: Sendable, Equatable {
    /// The column (wide layout) or `device_bs<batch>` name (long layout) of the series.
    public var column: String
    /// Hardware id, the key into the hardware table (`hw_id`); the column itself when no device table describes it.
    public var hardwareID: String
    /// Batch size; nil where the source does not state it (predicted as batch 1).
    public var batchSize: Int?
    /// Device class from the device table (`desktop_gpu`, `server_cpu`, `mobile_phone`, ...), empty if unknown.
    public var deviceClass: String

    /// Creates a series description.
    public init(column: String, hardwareID: String, batchSize: Int?, deviceClass: String) {
        self.column = column
        self.hardwareID = hardwareID
        self.batchSize = batchSize
        self.deviceClass = deviceClass
    }
}
