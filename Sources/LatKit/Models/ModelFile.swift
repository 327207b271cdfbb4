import Foundation

/// A trained estimator on disk: a header the host owns, then the plugin's own state bytes.
///
/// Layout (plain and versioned, never a pickled object):
///
///     latkit-model <format version>\n
///     <one line of JSON: the ModelHeader>\n
///     <state bytes, exactly header.state_bytes of them>
///
/// A file whose format version is newer than this host reads is refused with a message saying
/// so; a truncated or altered file is refused by its length and SHA-256.
public struct ModelFile: Equatable {
    /// The format version this host writes, and the newest it reads.
    public static let formatVersion = 1
    static let magic = "latkit-model"

    /// What the host records about the model.
    public var header: ModelHeader
    /// The plugin's own state bytes, as its `save` wrote them.
    public var state: [UInt8]

    /// Pairs `header` with `state`, setting the header's `stateBytes` and `stateSHA256` from `state`.
    public init(header: ModelHeader, state: [UInt8]) {
        self.header = header
        self.state = state
        self.header.stateBytes = state.count
        self.header.stateSHA256 = SHA256.hex(state)
    }

    /// The file's bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(header)
        return Array("\(ModelFile.magic) \(ModelFile.formatVersion)\n".utf8) + Array(json) + [0x0A] + state
    }

    /// Writes the file atomically.
    public func write(to path: String) throws {
        try Data(try encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads and verifies a model file.
    public static func read(from path: String) throws -> ModelFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelFileError(path: path, reason: "cannot be read") }
        return try decode(Array(data), path: path)
    }

    /// Parses and verifies model-file bytes; `path` is used in messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> ModelFile {
        guard let firstBreak = bytes.firstIndex(of: 0x0A) else { throw ModelFileError(path: path, reason: "not a latkit model file") }
        let first = String(decoding: bytes[..<firstBreak], as: UTF8.self).split(separator: " ")
        guard first.count == 2, first[0] == magic, let version = Int(first[1]) else {
            throw ModelFileError(path: path, reason: "not a latkit model file (no '\(magic) N' first line)")
        }
        guard version <= formatVersion else {
            throw ModelFileError(
                path: path, reason: "format version \(version) is newer than this latkit reads (up to \(formatVersion)); upgrade latkit")
        }
        guard let secondBreak = bytes[(firstBreak + 1)...].firstIndex(of: 0x0A) else {
            throw ModelFileError(path: path, reason: "truncated header")
        }
        let header: ModelHeader
        do {
            header = try JSONDecoder().decode(ModelHeader.self, from: Data(bytes[(firstBreak + 1)..<secondBreak]))
        } catch {
            throw ModelFileError(path: path, reason: "corrupted header (\(error.localizedDescription))")
        }
        let state = Array(bytes[(secondBreak + 1)...])
        guard state.count == header.stateBytes else {
            throw ModelFileError(path: path, reason: "corrupted: state is \(state.count) bytes, header says \(header.stateBytes)")
        }
        guard SHA256.hex(state) == header.stateSHA256 else {
            throw ModelFileError(path: path, reason: "corrupted: state checksum does not match")
        }
        var file = ModelFile(header: header, state: state)
        file.header = header
        return file
    }
}

/// What the host records about a trained model.
public struct ModelHeader: Codable, Equatable {
    /// Estimator plugin name and version, and its kind ("estimator" or "accuracy-predictor").
    public var plugin: String
    /// The plugin's own version when the model was trained.
    public var pluginVersion: String
    /// The library the plugin was loaded from when the model was trained (a hint for `predict`
    /// when the plugin is not on the search path).
    public var pluginFile: String?
    /// "estimator" or "accuracy-predictor".
    public var kind: String
    /// Options the estimator was created with (needed to recreate it before `load`).
    public var options: [String: String]
    /// Search space the model was trained on, and the feature encoding it consumed, if any.
    public var searchSpace: String
    /// Options the search space was created with.
    public var searchSpaceOptions: [String: String] = [:]
    /// The feature encoding the estimator consumed, nil when it reads no features.
    public var featureEncoding: String?
    /// Target column (device series) and the devices it covers.
    public var target: String
    /// The devices the target column covers.
    public var devices: [String]
    /// Where the training data came from, and its fingerprint.
    public var trainingData: TrainingDataInfo
    /// Metrics measured at training time (e.g. validation RMSE).
    public var metrics: [String: Double]
    /// The host that wrote the file, e.g. "latkit 0.1.0".
    public var createdBy: String
    /// Length of the state bytes that follow the header.
    public var stateBytes: Int = 0
    /// SHA-256 of the state bytes, as 64 lowercase hex digits.
    public var stateSHA256: String = ""

    /// Creates a header for a freshly trained model; `createdBy` is set to this host, the state fields by `ModelFile`.
    public init(
        plugin: String, pluginVersion: String, kind: String, options: [String: String], searchSpace: String, featureEncoding: String?,
        target: String, devices: [String], trainingData: TrainingDataInfo, metrics: [String: Double]
    ) {
        self.plugin = plugin
        self.pluginVersion = pluginVersion
        self.kind = kind
        self.options = options
        self.searchSpace = searchSpace
        self.featureEncoding = featureEncoding
        self.target = target
        self.devices = devices
        self.trainingData = trainingData
        self.metrics = metrics
        self.createdBy = "latkit \(LatKitVersion.host)"
    }

    enum CodingKeys: String, CodingKey {
        case plugin, kind, options, target, devices, metrics
        case pluginVersion = "plugin_version"
        case pluginFile = "plugin_file"
        case searchSpace = "search_space"
        case searchSpaceOptions = "search_space_options"
        case featureEncoding = "feature_encoding"
        case trainingData = "training_data"
        case createdBy = "created_by"
        case stateBytes = "state_bytes"
        case stateSHA256 = "state_sha256"
    }
}

/// The training data behind a model.
public struct TrainingDataInfo: Codable, Equatable {
    /// The data file as given.
    public var file: String
    /// Number of training rows.
    public var rows: Int
    /// SHA-256 over the canonical architectures and targets, in order.
    public var fingerprint: String

    /// Creates a record of the training data.
    public init(file: String, rows: Int, fingerprint: String) {
        self.file = file
        self.rows = rows
        self.fingerprint = fingerprint
    }

    /// The fingerprint of training rows: their canonical architectures and targets.
    public static func fingerprint(architectures: [String], targets: [Double]) -> String {
        var hasher = SHA256()
        for (architecture, target) in zip(architectures, targets) {
            hasher.update(architecture)
            hasher.update("\t\(target)\n")
        }
        return hasher.hexDigest()
    }
}

/// A model file that cannot be used.
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    /// The model file, as given.
    public var path: String
    /// Why it cannot be used.
    public var reason: String
    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
