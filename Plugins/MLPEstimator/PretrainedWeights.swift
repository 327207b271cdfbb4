import Foundation
import LatKitLearning
import LatKitNumerics
import LatKitPluginABI
import LatKitPluginKit

/// Reading and writing network weights exported from PyTorch.
///
/// Two formats, both with layers in PyTorch's `[out, in]` layout (`y = W x + b`, ReLU between
/// layers, none after the last):
/// - `weights.json` (as in /work/shared/models): `{"layers": [{"name", "shape": [out, in],
///   "values": [...]}, {"name": "...bias", "shape": [out], "values": [...]}, ...]}`, weight and
///   bias of each layer in state-dict order.
/// - `weights.f32`: an ASCII header, then raw little-endian float32 values:
///   ```
///   latkit-mlp-weights 1
///   layers 4
///   400 128
///   400 400
///   400 400
///   1 400
///   end
///   ```
///   one `<out> <in>` line per layer, each line ending in `\n`; after `end\n`, for every layer in
///   order its weights (out x in, row-major) and then its bias (out values). Nothing follows.
enum PretrainedWeights {
    static let compactMagic = "latkit-mlp-weights 1"

    /// Reads either format; the compact one is recognised by its first line.
    static func load(path: String) throws -> MultilayerPerceptron {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PluginError(Int32(LATKIT_ERR_IO), "cannot read pretrained weights '\(path)'")
        }
        let bytes = [UInt8](data)
        if bytes.starts(with: Array(compactMagic.utf8)) { return try parseCompact(bytes, path: path) }
        return try parseJSON(data, path: path)
    }

    /// Parses the JSON export.
    static func parseJSON(_ data: Data, path: String) throws -> MultilayerPerceptron {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw PluginError.invalid("pretrained weights '\(path)' are neither the compact format nor valid JSON: \(error)")
        }
        guard let root = object as? [String: Any], let entries = root["layers"] as? [[String: Any]] else {
            throw PluginError.invalid("pretrained weights '\(path)': no \"layers\" array")
        }
        guard entries.count % 2 == 0, !entries.isEmpty else {
            throw PluginError.invalid("pretrained weights '\(path)': expected weight/bias pairs, found \(entries.count) tensors")
        }
        var layers: [DenseLayer] = []
        for pair in stride(from: 0, to: entries.count, by: 2) {
            let weight = try tensor(entries[pair], path: path)
            let bias = try tensor(entries[pair + 1], path: path)
            guard weight.name.hasSuffix("weight"), bias.name.hasSuffix("bias"), weight.shape.count == 2, bias.shape == [weight.shape[0]]
            else {
                throw PluginError.invalid(
                    "pretrained weights '\(path)': tensors \(weight.name) \(weight.shape) and \(bias.name) \(bias.shape) are not a [out,in] weight and its [out] bias"
                )
            }
            layers.append(
                DenseLayer(weights: Matrix(rows: weight.shape[0], columns: weight.shape[1], values: weight.values), bias: bias.values))
        }
        do { return try MultilayerPerceptron(layers: layers) } catch { throw PluginError.invalid("pretrained weights '\(path)': \(error)") }
    }

    private static func tensor(_ entry: [String: Any], path: String) throws -> (name: String, shape: [Int], values: [Float]) {
        let name = entry["name"] as? String ?? "?"
        guard let shape = (entry["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }), !shape.isEmpty,
            shape.allSatisfy({ $0 > 0 }), let values = entry["values"] as? [Any]
        else { throw PluginError.invalid("pretrained weights '\(path)': tensor \(name) lacks a positive shape or values") }
        // Each dimension is bounded before multiplying, so a hostile shape cannot overflow.
        guard shape.allSatisfy({ $0 <= 1 << 20 }), values.count == shape.reduce(1, *) else {
            throw PluginError.invalid("pretrained weights '\(path)': tensor \(name) has \(values.count) values for shape \(shape)")
        }
        var floats = [Float](repeating: 0, count: values.count)
        for (index, value) in values.enumerated() {
            guard let number = value as? NSNumber else {
                throw PluginError.invalid("pretrained weights '\(path)': \(name) holds a non-number")
            }
            floats[index] = Float(number.doubleValue)  // shortest round-trip decimals: exact float32 bits
        }
        return (name, shape, floats)
    }

    /// Parses the compact format.
    static func parseCompact(_ bytes: [UInt8], path: String) throws -> MultilayerPerceptron {
        var lines: [String] = []
        var start = 0
        var dataStart: Int?
        for index in bytes.indices where bytes[index] == 0x0A {
            let line = String(decoding: bytes[start..<index], as: UTF8.self)
            start = index + 1
            if line == "end" {
                dataStart = start
                break
            }
            lines.append(line)
            if lines.count > 70 { break }
        }
        guard let dataStart, lines.count >= 2, lines[0] == compactMagic, lines[1].hasPrefix("layers "),
            let count = Int(lines[1].dropFirst(7)), count >= 1, lines.count == count + 2
        else { throw PluginError.invalid("pretrained weights '\(path)': malformed header (see data/models/README.md)") }
        var shapes: [(Int, Int)] = []
        for line in lines[2...] {
            let parts = line.split(separator: " ").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1 << 20, parts[1] <= 1 << 20 else {
                throw PluginError.invalid("pretrained weights '\(path)': bad layer line '\(line)'")
            }
            shapes.append((parts[0], parts[1]))
        }
        let expected = shapes.reduce(0) { $0 + 4 * ($1.0 * $1.1 + $1.0) }
        guard bytes.count - dataStart == expected else {
            throw PluginError.invalid("pretrained weights '\(path)': \(bytes.count - dataStart) data bytes, the header needs \(expected)")
        }
        return try bytes.withUnsafeBytes { raw in
            var reader = SavedStateReader(
                headerless: UnsafeRawBufferPointer(rebasing: raw[dataStart...]), noun: "pretrained weights '\(path)'")
            var layers: [DenseLayer] = []
            for (outputs, inputs) in shapes {
                let weights = try reader.f32(count: outputs * inputs)
                let bias = try reader.f32(count: outputs)
                layers.append(DenseLayer(weights: Matrix(rows: outputs, columns: inputs, values: weights), bias: bias))
            }
            do { return try MultilayerPerceptron(layers: layers) } catch {
                throw PluginError.invalid("pretrained weights '\(path)': \(error)")
            }
        }
    }

    /// The compact format of `network`.
    static func compact(_ network: MultilayerPerceptron) -> [UInt8] {
        var header = "\(compactMagic)\nlayers \(network.layers.count)\n"
        for layer in network.layers { header += "\(layer.outputCount) \(layer.inputCount)\n" }
        header += "end\n"
        var writer = SavedStateWriter()
        writer.raw(Array(header.utf8))
        for layer in network.layers {
            writer.f32(layer.weights.values)
            writer.f32(layer.bias)
        }
        return writer.bytes
    }

    /// Converts weights at `input` (either format) into the compact format at `output`.
    static func convert(input: String, output: String) throws {
        let network = try load(path: input)
        guard FileManager.default.createFile(atPath: output, contents: Data(compact(network))) else {
            throw PluginError(Int32(LATKIT_ERR_IO), "cannot write '\(output)'")
        }
    }
}
