import Foundation
import XCTest

@testable import LatKit

/// How `hwgen` prices an architecture no device measured: on a few series measured at length, each
/// training series' own `mlp` default recipe (so one model for several devices is as good on each as
/// a model per device); on many small series, a ridge.
final class SeriesModelTests: XCTestCase {
    private struct Setup {
        let dataset: MultiDeviceDataset
        let space: SearchSpace
        let encoder: DeviceDescriptorEncoder
        let catalog: PluginCatalog

        /// The rows of `architectures` on each of `series`, with their latencies (and the device view when `device`).
        func batch(
            _ architectures: Range<Int>, series: [Int], views: BatchViews, device: Bool = true, labelled: Bool = true
        ) throws -> ArchitectureBatch {
            let rows = series.flatMap { index in architectures.map { (index, $0) } }
            var batch = try BatchPreparer(space: space).batch(rows.map { dataset.architectures[$0.1] }, views: views.subtracting(.device))
            if device { batch.devices = encoder.rows(series: dataset.series, seriesOfRow: rows.map(\.0)) }
            batch.targets = labelled ? rows.map { dataset.latencies[$0.0][$0.1]! } : nil
            return batch
        }
    }

    /// The paper's RTX 2080 Ti and Tesla P40 columns (the first 500 OFA w1.0 networks of each).
    private func paperGPUs() throws -> (Setup, [Int]) {
        let catalog = try TestPaths.catalog("ofa", "transfer", "mlp")
        let space = try catalog.searchSpace("ofa-mbv3-w1.0")
        // The first 500 networks, as a temporary file.
        let text = try String(contentsOfFile: TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv", encoding: .utf8)
        let path = try EstimatorTestSupport.temporaryFolder(self) + "/paper_gpus.csv"
        try (text.split(whereSeparator: \.isNewline).prefix(501).joined(separator: "\n") + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        let dataset = try MultiDeviceDataset.load(path: path, space: space, devices: nil)
        let encoder = DeviceDescriptorEncoder(reference: try HardwareSpecs.load(path: TestPaths.data + "/hardware/hardware_specs.csv"))
        let series = try ["rtx_2080_ti_ms", "tesla_p40_ms"].map { try dataset.seriesIndex($0) }
        return (Setup(dataset: dataset, space: space, encoder: encoder, catalog: catalog), series)
    }

    /// One `hwgen` model with `series_model=mlp` fitted on 300 rows of each GPU (100 more validating)
    /// prices the networks neither measured exactly as an `mlp` fitted on that GPU's rows alone (the
    /// series' seed is the fit seed plus its position in device order), std included: each series'
    /// validation rows reach its own model. A saved copy predicts the same.
    /// (`series_model=auto` chooses `mlp` for series of 1,000 rows and more: `reproduce`'s one
    /// model for both paper GPUs.)
    func testATrainingSeriesPricesUnmeasuredNetworksWithItsOwnMLP() throws {
        let (setup, series) = try paperGPUs()
        let hwgen = try setup.catalog.estimator("hwgen", options: ["series_model": "mlp"])
        try hwgen.fit(
            train: try setup.batch(0..<300, series: series, views: hwgen.requirements.views),
            validation: try setup.batch(300..<400, series: series, views: hwgen.requirements.views), seed: 7, progress: nil)
        let order = series.sorted { setup.dataset.series[$0].hardwareID < setup.dataset.series[$1].hardwareID }
        for index in series {
            let test = try setup.batch(400..<500, series: [index], views: hwgen.requirements.views, labelled: false)
            let joint = try hwgen.predict(test)
            let mlp = try setup.catalog.estimator("mlp")
            try mlp.fit(
                train: try setup.batch(0..<300, series: [index], views: mlp.requirements.views, device: false),
                validation: try setup.batch(300..<400, series: [index], views: mlp.requirements.views, device: false),
                seed: 7 + UInt64(order.firstIndex(of: index)!), progress: nil)
            let own = try mlp.predict(
                try setup.batch(400..<500, series: [index], views: mlp.requirements.views, device: false, labelled: false))
            for row in 0..<100 {
                XCTAssertEqual(joint.mean[row], own.mean[row], accuracy: 1e-9 * own.mean[row])
                XCTAssertEqual(joint.std![row], own.std![row], accuracy: 1e-9 * own.mean[row])
            }
            // Measured networks keep their measurement.
            let measured = try hwgen.predict(try setup.batch(0..<5, series: [index], views: hwgen.requirements.views, labelled: false))
            for row in 0..<5 { XCTAssertEqual(measured.mean[row], setup.dataset.latencies[index][row]!, accuracy: 1e-9) }
        }
        let copy = try setup.catalog.estimator("hwgen")
        try copy.load(try hwgen.save())
        let test = try setup.batch(400..<500, series: series, views: hwgen.requirements.views, labelled: false)
        XCTAssertEqual(try copy.predict(test), try hwgen.predict(test))
    }

    /// Small series (3 NAS-Bench-201 devices, 300 rows each) keep the ridge under the
    /// default `series_model=auto`: the same predictions as `series_model=ridge`, not `mlp`'s.
    func testManySmallSeriesKeepTheRidge() throws {
        let catalog = try TestPaths.catalog("nasbench201", "transfer")
        let space = try catalog.searchSpace("nasbench201")
        let dataset = try MultiDeviceDataset.load(
            path: try TransferProtocolTests.smallNASBench201(self), space: space,
            devices: try DeviceColumns.load(path: TestPaths.data + "/hardware/device_columns.csv"))
        let setup = Setup(
            dataset: dataset, space: space,
            encoder: DeviceDescriptorEncoder(reference: try HardwareSpecs.load(path: TestPaths.data + "/hardware/hardware_specs.csv")),
            catalog: catalog)
        let series = [0, 1, 2]
        func predictions(_ choice: String) throws -> [Double] {
            let hwgen = try catalog.estimator("hwgen", options: ["series_model": choice])
            try hwgen.fit(
                train: try setup.batch(0..<300, series: series, views: hwgen.requirements.views), validation: nil, seed: 0, progress: nil)
            return try hwgen.predict(try setup.batch(300..<340, series: [0, 2], views: hwgen.requirements.views, labelled: false)).mean
        }
        let ridge = try predictions("ridge")
        XCTAssertEqual(try predictions("auto"), ridge)
        XCTAssertNotEqual(try predictions("mlp"), ridge)
    }
}
