import Foundation
import LatKitPluginABI
import LatKitPluginKit

/// Loads a lookup table from the `table=PATH` option: a YAML file (`.yaml`/`.yml`), a CSV file
/// (`.csv`), or a folder, from which every `*_lookup_table.yaml` is read (in name order). A YAML
/// file is one sub-table, named by what precedes `_lookup_table` in its file name (`160`), or by
/// its file name without extension; a CSV file gives one sub-table per `resolution` value.
enum LookupTableFiles {
    static func load(_ path: String) throws -> LookupTable {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw PluginError(latkit_status(LATKIT_ERR_IO), "table=\(path): no such file or folder")
        }
        var table = LookupTable()
        if isFolder.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix("_lookup_table.yaml") }.sorted()
            guard !names.isEmpty else {
                throw PluginError.invalid("table=\(path): the folder holds no *_lookup_table.yaml file")
            }
            for name in names {
                try LookupTableYAML.parse(try read(path + "/" + name), source: name, table: tableName(name), into: &table)
            }
        } else if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            try LookupTableYAML.parse(try read(path), source: fileName(path), table: tableName(fileName(path)), into: &table)
        } else if path.hasSuffix(".csv") {
            try LookupTableCSV.parse(try read(path), source: fileName(path), defaultTable: tableName(fileName(path)), into: &table)
        } else {
            throw PluginError.invalid("table=\(path): expected a .yaml/.yml or .csv file, or a folder of *_lookup_table.yaml files")
        }
        guard table.entryCount > 0 else { throw PluginError.invalid("table=\(path): the table has no entries") }
        return table
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PluginError(latkit_status(LATKIT_ERR_IO), "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw PluginError.invalid("\(path) is not UTF-8 text") }
        return text
    }

    /// `160_lookup_table.yaml` -> `160`; `mobile_trim.yaml` -> `mobile_trim`.
    private static func tableName(_ file: String) -> String {
        if let range = file.range(of: "_lookup_table") { return String(file[..<range.lowerBound]) }
        return String(file.split(separator: ".").first ?? Substring(file))
    }

    private static func fileName(_ path: String) -> String { String(path.split(separator: "/").last ?? Substring(path)) }
}
