import LatKitPluginABI
import LatKitPluginKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `external`: a profiler that delegates every measurement to a worker program the user names
/// (`command=...`), which reaches the real device however it likes (adb, ssh, a Python runtime)
/// and speaks the line protocol of SDK/WORKER_PROTOCOL.md on its standard input and output.
///
/// The worker starts with the handle and answers a handshake that describes its device. Each item
/// is one request and one response. A worker that dies, hangs past `timeout` or answers garbage
/// fails that item alone (LATKIT_ERR_IO), is killed with its process group and reaped, and is
/// started again for the next item, at most `restarts` times in a row.
final class ExternalProfiler: ProfilerPlugin {
    static let name = "external"
    static let version = "1.0.0"
    static let summary = "Delegates each measurement to a worker command (adb, ssh, Python...) speaking latkit-worker/1 on stdin/stdout"
    static let optionsHelp = """
        command=  the worker, run with /bin/sh -c (required); protocol: SDK/WORKER_PROTOCOL.md
        timeout=120  seconds one measurement may take; then the worker is killed and restarted
        startup_timeout=60  seconds the worker may take to write its handshake line
        restarts=3  restarts in a row (after a worker died, hung or answered garbage) before giving up
        models=file  file: the model goes to a temporary file whose path is sent; none: only the item text
        """
    /// The architectures (or operator keys), the cost (present for whole networks only: that is
    /// how a network is told from an operator) and the models when the search space exports them.
    static let views = UInt32(LATKIT_VIEW_ARCHITECTURES | LATKIT_VIEW_COST | LATKIT_VIEW_MODELS)

    /// The protocol this plugin speaks (a worker may state a later minor, "latkit-worker/1.x").
    static let protocolName = "latkit-worker/1"

    private let command: String
    private let timeout: Double
    private let startupTimeout: Double
    private let restarts: Int
    private let sendModels: Bool
    private var worker: WorkerProcess?
    private let device: [(key: String, value: String)]
    /// Worker failures since the last answered request; past `restarts` the worker is not started again.
    private var failuresInARow = 0
    private var lastFailure = ""
    private var nextID = 1
    private var modelFolder: String?

    init(options: PluginOptions) throws {
        command = options.string("command", default: "").trimmingBlanks()
        timeout = try options.double("timeout", default: 120, in: 0.001...604_800)
        startupTimeout = try options.double("startup_timeout", default: 60, in: 0.001...604_800)
        restarts = try options.int("restarts", default: 3, in: 0...1000)
        sendModels = try options.choice("models", default: "file", allowed: ["file", "none"]) == "file"
        // Refuse unknown options before starting anything (the SDK would only check after init).
        try options.finish()
        guard !command.isEmpty else {
            throw PluginError.invalid("option command= is required: the worker command line (see SDK/WORKER_PROTOCOL.md)")
        }
        let (process, device) = try Self.start(command, startupTimeout: startupTimeout)
        worker = process
        self.device = device
    }

    deinit {
        worker?.stop(grace: 2)
        if let modelFolder { _ = rmdir(modelFolder) }
    }

    func describeDevice() throws -> [(key: String, value: String)] { device }

    func measure(_ batch: BatchView, options: MeasureOptions, progress: ProgressReporter) throws -> [Result<MeasuredLatency, PluginError>] {
        let items = try batch.architectures()
        let models = batch.hasModels ? try batch.models() : nil
        var results: [Result<MeasuredLatency, PluginError>] = []
        for (row, item) in items.enumerated() {
            try progress.report(Double(row) / Double(items.count), nil)
            let model = models.map { $0.models[row] }
            let request = Request(
                kind: batch.hasCost ? "network" : "operator", space: batch.searchSpace, item: item,
                model: sendModels ? model.map { ($0.bytes, models!.format) } : nil,
                inputShape: model.map { [$0.channels, $0.height, $0.width] }, options: options)
            results.append(try measureOne(request, progress: progress))
        }
        // Per-row status is all a record carries; when nothing was measured, the call's own error
        // says why (the host shows it for the item).
        if let first = results.first, case .failure(let error) = first,
            results.allSatisfy({ if case .failure = $0 { true } else { false } })
        {
            throw results.count == 1 ? error : PluginError(error.status, "all \(results.count) items failed; the first: \(error.message)")
        }
        return results
    }

    // MARK: One item

    /// What one request asks (SDK/WORKER_PROTOCOL.md, "Request").
    struct Request {
        var kind: String
        var space: String
        var item: String
        var model: (bytes: UnsafeBufferPointer<UInt8>, format: String)?
        var inputShape: [Int]?
        var options: MeasureOptions

        /// The request line with `id` and the model's path (when a model was written).
        func json(id: Int, modelPath: String?) -> WorkerJSON {
            var members: [(key: String, value: WorkerJSON)] = [
                ("id", .number(Double(id))), ("kind", .string(kind)), ("space", .string(space)), ("item", .string(item)),
            ]
            if let modelPath, let model { members += [("model_path", .string(modelPath)), ("model_format", .string(model.format))] }
            if let inputShape { members.append(("input_shape", .array(inputShape.map { .number(Double($0)) }))) }
            for (key, value) in [
                ("batch_size", options.batchSize), ("warmup", options.warmupRuns), ("runs", options.timedRuns),
                ("threads", options.threads),
            ] {
                members.append((key, .number(Double(value ?? 0))))
            }
            return .object(members)
        }
    }

    /// Measures one item: its result, or its failure. Throws only when the host cancels.
    private func measureOne(_ request: Request, progress: ProgressReporter) throws -> Result<MeasuredLatency, PluginError> {
        let process: WorkerProcess
        let id: Int
        var modelPath: String?
        do {
            process = try runningWorker()
            id = nextID
            nextID += 1
            if let model = request.model { modelPath = try writeModel(model.bytes, id: id, format: model.format) }
        } catch {
            return .failure(error as? PluginError ?? ioError("\(error)"))
        }
        defer { if let modelPath { _ = unlink(modelPath) } }

        let line: String
        do {
            try process.send(request.json(id: id, modelPath: modelPath).text, timeout: timeout)
            line = try process.readLine(timeout: timeout) { try progress.report(-1, nil) }
        } catch let fault as WorkerFault {
            return .failure(workerFailed(process, fault, request: id))
        } catch {
            // Cancelled by the host while waiting: the answer would come too late, so the worker
            // goes (not counted as its failure; the next call starts another).
            process.stop(grace: 0)
            worker = nil
            throw error
        }
        let response: WorkerJSON
        do {
            response = try WorkerJSON.parse(line)
        } catch {
            return .failure(
                workerFailed(
                    process, nil, request: id,
                    garbage: "answered request \(id) with a line that is not JSON (\(error)): \(Self.excerpt(line))"))
        }
        guard case .object = response, let answered = response["id"]?.number, answered == Double(id) else {
            return .failure(
                workerFailed(
                    process, nil, request: id,
                    garbage: "answered request \(id) with something other than {\"id\": \(id), ...}: \(Self.excerpt(line))"))
        }
        // A well-formed answer: the worker is healthy, whatever it measured.
        failuresInARow = 0
        if let error = response["error"] {
            return .failure(ioError("worker `\(Self.shortened(command))` could not measure it: \(error.scalarText ?? error.text)"))
        }
        return Self.measurement(response, requestedRuns: Double(request.options.timedRuns ?? 0)).mapError {
            ioError("worker `\(Self.shortened(command))` answered request \(id) with \($0): \(Self.excerpt(line))")
        }
    }

    /// The worker to send the next request to: the running one, or a new one while restarts are left.
    private func runningWorker() throws -> WorkerProcess {
        if let worker { return worker }
        guard failuresInARow <= restarts else {
            throw ioError(
                "worker `\(Self.shortened(command))` is not restarted: it failed \(failuresInARow) times in a row (restarts=\(restarts)); "
                    + "the last: \(lastFailure)")
        }
        do {
            let (process, _) = try Self.start(command, startupTimeout: startupTimeout)
            worker = process
            return process
        } catch let error as PluginError {
            failuresInARow += 1
            lastFailure = error.message
            throw PluginError(error.status, "restarting: \(error.message)")
        }
    }

    /// Stops a worker that failed, counts the failure and returns the item's error.
    private func workerFailed(_ process: WorkerProcess, _ fault: WorkerFault?, request id: Int, garbage: String? = nil) -> PluginError {
        let what: String
        switch fault {
        case .timedOut(let seconds)?:
            process.stop(grace: 0)
            what = "did not answer request \(id) within \(Self.seconds(seconds)) s (timeout=) and was killed"
        case .closed?:
            what = "\(process.stop(grace: 1)) during request \(id)"
        case .writeFailed(let reason)?:
            what = "could not be sent request \(id) (\(reason)) and \(process.stop(grace: 1))"
        case .lineTooLong?:
            process.stop(grace: 0)
            what = "answered request \(id) with a line longer than \(WorkerProcess.maximumLine) bytes"
        case nil:
            process.stop(grace: 0)
            what = garbage ?? "failed"
        }
        worker = nil
        failuresInARow += 1
        let errors = process.lastErrorLines()
        let message = "worker `\(Self.shortened(command))` \(what)" + (errors.isEmpty ? "" : "; its stderr: \(errors)")
        lastFailure = message
        let next =
            failuresInARow <= restarts
            ? "restarting it for the next item (\(failuresInARow) of \(restarts) in a row)" : "giving up (restarts=\(restarts))"
        return ioError("\(message); \(next)")
    }

    // MARK: Starting

    /// Starts the worker and reads its handshake; any failure is one error naming the command and
    /// the last lines of its standard error.
    private static func start(_ command: String, startupTimeout: Double) throws -> (WorkerProcess, [(key: String, value: String)]) {
        let process = try WorkerProcess(command: command)
        func failure(_ what: String) -> PluginError {
            let errors = process.lastErrorLines()
            return ioError("worker `\(shortened(command))` \(what)" + (errors.isEmpty ? "" : "; its stderr: \(errors)"))
        }
        let line: String
        do {
            line = try process.readLine(timeout: startupTimeout)
        } catch WorkerFault.timedOut {
            process.stop(grace: 0)
            throw failure("wrote no handshake line within \(seconds(startupTimeout)) s (startup_timeout=) and was killed")
        } catch WorkerFault.lineTooLong {
            process.stop(grace: 0)
            throw failure("wrote a handshake line longer than \(WorkerProcess.maximumLine) bytes")
        } catch {
            throw failure("\(process.stop(grace: 1)) before its handshake")
        }
        do {
            let device = try handshake(line)
            return (process, device)
        } catch let error as PluginError {
            process.stop(grace: 0)
            throw failure(error.message)
        }
    }

    /// The device description of a handshake line, or why the line is not one.
    static func handshake(_ line: String) throws -> [(key: String, value: String)] {
        let expected = "expected {\"protocol\": \"\(protocolName)\", \"device\": {\"name\": ...}}"
        guard let message = try? WorkerJSON.parse(line), case .object = message else {
            throw PluginError.invalid("wrote a handshake that is not a JSON object: \(excerpt(line)); \(expected)")
        }
        guard let stated = message["protocol"]?.string else {
            throw PluginError.invalid("wrote a handshake without \"protocol\"; \(expected)")
        }
        guard stated == protocolName || stated.hasPrefix(protocolName + ".") else {
            throw PluginError.invalid("speaks protocol '\(stated)', this plugin speaks '\(protocolName)'")
        }
        guard case .object(let members)? = message["device"] else {
            throw PluginError.invalid("wrote a handshake without a \"device\" object; \(expected)")
        }
        var device: [(key: String, value: String)] = []
        for (key, value) in members {
            let cleanKey = key.filter { $0 != "=" && !$0.isNewline }
            guard !cleanKey.isEmpty, let text = value.scalarText else { continue }
            if device.contains(where: { $0.key == cleanKey }) { continue }
            device.append((cleanKey, String(text.map { $0.isNewline ? " " : $0 })))
        }
        guard let name = device.first(where: { $0.key == "name" }), !name.value.trimmingBlanks().isEmpty else {
            throw PluginError.invalid("describes its device without a \"name\"; \(expected)")
        }
        return [name] + device.filter { $0.key != "name" }
    }

    // MARK: Responses

    /// The measurement in a response: `mean_ms` required; `std_ms` (0), `min_ms` and `median_ms`
    /// (the mean), `runs` (the runs asked for) and `machine_load` (unknown) may be left out.
    static func measurement(_ response: WorkerJSON, requestedRuns: Double) -> Result<MeasuredLatency, PluginError> {
        func number(_ key: String) -> Result<Double?, PluginError> {
            guard let value = response[key], value != .null else { return .success(nil) }
            guard let number = value.number, number.isFinite else { return .failure(.invalid("\"\(key)\" is not a finite number")) }
            return .success(number)
        }
        do {
            guard let mean = try number("mean_ms").get() else { return .failure(.invalid("neither \"mean_ms\" nor \"error\"")) }
            let std = try number("std_ms").get() ?? 0
            let minimum = try number("min_ms").get() ?? mean
            let median = try number("median_ms").get() ?? mean
            let runs = try number("runs").get() ?? max(requestedRuns, 1)
            let load = try number("machine_load").get()
            guard mean > 0, minimum > 0, median > 0, std >= 0 else {
                return .failure(.invalid("times that are not positive (std_ms may be 0)"))
            }
            guard runs >= 1, runs == runs.rounded(), runs < 4e9 else { return .failure(.invalid("\"runs\" is not a whole number >= 1")) }
            return .success(
                MeasuredLatency(
                    meanMs: mean, stdMs: std, minMs: minimum, medianMs: median, machineLoad: load.map { Swift.min(Swift.max($0, 0), 1) },
                    runs: Int(runs)))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Models

    /// Writes a model to this handle's temporary folder; the caller removes the file.
    private func writeModel(_ bytes: UnsafeBufferPointer<UInt8>, id: Int, format: String) throws -> String {
        if modelFolder == nil {
            let base = (getenv("TMPDIR").map { String(cString: $0) }).flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array((base + "/latkit-external-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else {
                throw ioError("cannot make a temporary folder in \(base) for the models: \(String(cString: strerror(errno)))")
            }
            modelFolder = String(cString: made)
        }
        let extensionText = format.allSatisfy({ $0.isLetter || $0.isNumber }) && !format.isEmpty ? format : "model"
        let path = "\(modelFolder!)/item-\(id).\(extensionText)"
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw ioError("cannot write the model to \(path): \(String(cString: strerror(errno)))") }
        defer { _ = close(file) }
        var written = 0
        while written < bytes.count {
            let result = write(file, bytes.baseAddress! + written, bytes.count - written)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let reason = String(cString: strerror(errno))
                _ = unlink(path)
                throw ioError("cannot write the model to \(path): \(reason)")
            }
            written += result
        }
        return path
    }

    // MARK: Text

    /// The command as shown in messages: at most 80 characters.
    static func shortened(_ command: String) -> String { command.count <= 80 ? command : String(command.prefix(77)) + "..." }

    /// At most 120 characters of a worker's line.
    static func excerpt(_ line: String) -> String { "'" + (line.count <= 120 ? line : String(line.prefix(117)) + "...") + "'" }

    static func seconds(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : "\(value)" }
}

private func ioError(_ message: String) -> PluginError { PluginError(latkit_status(LATKIT_ERR_IO), message) }
