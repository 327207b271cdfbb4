import Foundation

/// A trained estimator on disk: a header the host owns, then the plugin's own state bytes.
///
/// Layout of format 2 (plain and versioned, never a pickled object):
///
///     latkit-model 2\n
///     <one line of JSON: the ModelHeader>\n
///     header-sha256 <SHA-256 of the two lines above, newlines included, as 64 hex digits>\n
///     <state bytes, exactly header.state_bytes of them>
///
/// The header's checksum covers the first two lines, and through `state_sha256` the state: any
/// changed byte of the file is refused. Format 1 (written before) has no `header-sha256` line;
/// it is still read, its state verified but not its header (`headerVerified` is false, and
/// `latkit predict` says so). A version below 1, or one that is not a plain decimal number, is
/// not a model file; one newer than `formatVersion` is refused with a message to upgrade.
/// `verify(against:)` then checks the header against the search space it names.
public struct ModelFile: Equatable {
    /// The format version this host writes, and the newest it reads.
    public static let formatVersion = 2
    /// The oldest format version this host reads (format 1 has no header checksum).
    public static let oldestFormatVersion = 1
    static let magic = "latkit-model"
    static let headerChecksumLabel = "header-sha256"

    /// What the host records about the model.
    public var header: ModelHeader
    /// The plugin's own state bytes, as its `save` wrote them.
    public var state: [UInt8]
    /// The format version the file was read in (`formatVersion` for a new file).
    public var format: Int = ModelFile.formatVersion

    /// Whether the header was covered by a checksum (format 2 on): false for format 1 files.
    public var headerVerified: Bool { format >= 2 }

    /// Pairs `header` with `state`, setting the header's `stateBytes` and `stateSHA256` from `state`.
    public init(header: ModelHeader, state: [UInt8]) {
        self.header = header
        self.state = state
        self.header.stateBytes = state.count
        self.header.stateSHA256 = SHA256.hex(state)
    }

    /// The file's bytes, in the current format.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(header)
        let head = Array("\(ModelFile.magic) \(ModelFile.formatVersion)\n".utf8) + Array(json) + [0x0A]
        return head + Array("\(ModelFile.headerChecksumLabel) \(SHA256.hex(head))\n".utf8) + state
    }

    /// Writes the file (atomically where `path` is a regular file; see `OutputFile`).
    public func write(to path: String) throws {
        try OutputFile.write(Data(try encoded()), to: path)
    }

    /// Reads and verifies a model file.
    public static func read(from path: String) throws -> ModelFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw ModelFileError(path: path, reason: "cannot be read") }
        return try decode(Array(data), path: path)
    }

    /// The format version of a first line's version field: plain decimal digits, no sign, no
    /// leading zero; nil otherwise.
    static func version(_ field: Substring) -> Int? {
        guard !field.isEmpty, field.count <= 9, field.allSatisfy({ $0.isASCII && $0.isNumber }), field == "0" || field.first != "0" else {
            return nil
        }
        return Int(field)
    }

    /// Parses and verifies model-file bytes; `path` is used in messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> ModelFile {
        guard let firstBreak = bytes.firstIndex(of: 0x0A) else { throw ModelFileError(path: path, reason: "not a latkit model file") }
        let first = String(decoding: bytes[..<firstBreak], as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false)
        guard first.count == 2, first[0] == magic else {
            throw ModelFileError(path: path, reason: "not a latkit model file (no '\(magic) N' first line)")
        }
        guard let version = version(first[1]), version >= oldestFormatVersion else {
            throw ModelFileError(
                path: path,
                reason: "not a latkit model file: format version '\(first[1])' is not a whole number from \(oldestFormatVersion)")
        }
        guard version <= formatVersion else {
            throw ModelFileError(
                path: path, reason: "format version \(version) is newer than this latkit reads (up to \(formatVersion)); upgrade latkit")
        }
        guard let secondBreak = bytes[(firstBreak + 1)...].firstIndex(of: 0x0A) else {
            throw ModelFileError(path: path, reason: "truncated header")
        }
        var stateStart = secondBreak + 1
        if version >= 2 {
            guard let thirdBreak = bytes[stateStart...].firstIndex(of: 0x0A) else {
                throw ModelFileError(path: path, reason: "truncated: no '\(headerChecksumLabel)' line")
            }
            let line = String(decoding: bytes[stateStart..<thirdBreak], as: UTF8.self).split(separator: " ")
            guard line.count == 2, line[0] == headerChecksumLabel else {
                throw ModelFileError(path: path, reason: "corrupted: the third line is not '\(headerChecksumLabel) <hex>'")
            }
            guard line[1] == SHA256.hex(Array(bytes[...secondBreak])) else {
                throw ModelFileError(
                    path: path, reason: "corrupted: header checksum does not match (the header was changed after training)")
            }
            stateStart = thirdBreak + 1
        }
        let header: ModelHeader
        do {
            header = try JSONDecoder().decode(ModelHeader.self, from: Data(bytes[(firstBreak + 1)..<secondBreak]))
        } catch {
            throw ModelFileError(path: path, reason: "corrupted header (\(error.localizedDescription))")
        }
        if let problem = header.problem {
            throw ModelFileError(path: path, reason: "invalid header: \(problem)")
        }
        let state = Array(bytes[stateStart...])
        guard state.count == header.stateBytes else {
            throw ModelFileError(path: path, reason: "corrupted: state is \(state.count) bytes, header says \(header.stateBytes)")
        }
        guard SHA256.hex(state) == header.stateSHA256 else {
            throw ModelFileError(path: path, reason: "corrupted: state checksum does not match")
        }
        var file = ModelFile(header: header, state: state)
        file.header = header
        file.format = version
        return file
    }

    /// Checks the header against `space`, the search space it will predict for: the same name,
    /// and, where the model reads features, an encoding the space offers with the number of
    /// features the model was trained on (`feature_count`, recorded from format 2 on).
    public func verify(against space: SearchSpace, path: String) throws {
        guard space.name == header.searchSpace else {
            throw ModelFileError(path: path, reason: "trained on search space \(header.searchSpace), given \(space.name)")
        }
        guard let encoding = header.featureEncoding else { return }
        guard space.encodings.isEmpty || space.encodings.contains(encoding) else {
            throw ModelFileError(
                path: path,
                reason: "trained on encoding \(encoding), which \(space.name) does not offer (\(space.encodings.joined(separator: ", ")))")
        }
        if let expected = header.featureCount {
            let actual = try space.featureCount(encoding: encoding)
            guard actual == expected else {
                throw ModelFileError(
                    path: path, reason: "trained on \(expected) features of encoding \(encoding); \(space.name) now gives \(actual)")
            }
        }
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
    /// The number of features per architecture the estimator was trained on (format 2 on; nil
    /// when it reads no features).
    public var featureCount: Int?
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

    /// What makes the header contradict itself, nil when nothing does: an unknown kind, a
    /// negative count, a state checksum that is not 64 hex digits, a feature count without an
    /// encoding or below 1.
    var problem: String? {
        if kind != PluginKind.estimator.label && kind != PluginKind.accuracyPredictor.label {
            return "kind '\(kind)' is neither estimator nor accuracy-predictor"
        }
        if plugin.isEmpty { return "no plugin name" }
        if searchSpace.isEmpty { return "no search space" }
        if stateBytes < 0 { return "state_bytes \(stateBytes) is negative" }
        if trainingData.rows < 0 { return "training_data.rows \(trainingData.rows) is negative" }
        if stateSHA256.count != 64 || !stateSHA256.allSatisfy(\.isHexDigit) { return "state_sha256 is not 64 hex digits" }
        if let featureCount {
            if featureCount < 1 { return "feature_count \(featureCount) is below 1" }
            if featureEncoding == nil { return "feature_count without a feature_encoding" }
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case plugin, kind, options, target, devices, metrics
        case pluginVersion = "plugin_version"
        case pluginFile = "plugin_file"
        case searchSpace = "search_space"
        case searchSpaceOptions = "search_space_options"
        case featureEncoding = "feature_encoding"
        case featureCount = "feature_count"
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
