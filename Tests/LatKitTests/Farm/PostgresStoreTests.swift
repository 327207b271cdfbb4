import Foundation
import XCTest

@testable import LatKit

/// A server shared by the tests of one class: started on first use, stopped after the class.
class PostgresTestCase: XCTestCase {
    nonisolated(unsafe) private static var servers: [ObjectIdentifier: Result<PostgresTestServer, Error>] = [:]
    private var databaseCount = 0

    /// The class's server (skips the test when PostgreSQL is not installed).
    func server() throws -> PostgresTestServer {
        let key = ObjectIdentifier(type(of: self))
        if Self.servers[key] == nil { Self.servers[key] = Result { try PostgresTestServer.start() } }
        return try Self.servers[key]!.get()
    }

    /// A fresh database on the class's server, for one test.
    func freshDatabase() throws -> String {
        databaseCount += 1
        let name = (name.split(separator: " ").last ?? "t").filter { $0.isLetter || $0.isNumber }.lowercased()
        return try server().createDatabase("\(name.prefix(40))_\(databaseCount)")
    }

    override class func tearDown() {
        if case .success(let server) = servers.removeValue(forKey: ObjectIdentifier(self)) { server.stop() }
        super.tearDown()
    }
}

/// The measurement-store contract on PostgreSQL, plus what only a server store has: URLs,
/// masked passwords, connection errors.
final class PostgresStoreTests: PostgresTestCase {
    private func store(_ url: String) throws -> MeasurementStore { try MeasurementStores.open(url) }

    func testAResultIsStoredOnceAndReadBackExactly() throws {
        let url = try freshDatabase()
        try MeasurementStoreContract.storesOnceAndReadsBackExactly { try store(url) }
    }

    func testInvalidMeasurementsAndUnknownDevicesAreRefused() throws {
        let url = try freshDatabase()
        try MeasurementStoreContract.refusesInvalidMeasurementsAndUnknownDevices(try store(url), named: "127.0.0.1")
    }

    func testTheLongTableReadsBackAsADataSet() throws {
        try MeasurementStoreContract.longTableReadsBackAsADataSet(try store(try freshDatabase()))
    }

    func testAFarmStoreCopiesIntoAFile() throws {
        let folder = try TemporaryFolder()
        try MeasurementStoreContract.copiesEveryResultOnce(
            from: try store(try freshDatabase()), to: try SQLiteMeasurementStore(path: folder.path + "/copy.sqlite"))
    }

    func testANewerSchemaIsRefused() throws {
        let url = try freshDatabase()
        let store = try PostgresMeasurementStore(url: try PostgresURL(url))
        try store.connection.query("UPDATE latkit_schema SET version = 99")
        XCTAssertThrowsError(try PostgresMeasurementStore(url: try PostgresURL(url))) {
            XCTAssertTrue("\($0)".contains("store schema 99 is newer"), "\($0)")
            XCTAssertFalse("\($0)".contains("pw-secret"), "\($0)")
        }
    }

    func testConnectionFailuresAreOneLineNamingHostAndDatabaseNotThePassword() throws {
        let port = try server().port
        XCTAssertThrowsError(try MeasurementStores.open("postgres://latkit:pw-secret@127.0.0.1:\(port)/no_such_db")) {
            let text = "\($0)"
            XCTAssertTrue(text.hasPrefix("cannot connect to PostgreSQL database 'no_such_db' on 127.0.0.1:\(port): "), text)
            XCTAssertTrue(text.contains("does not exist"), text)
            XCTAssertFalse(text.contains("pw-secret"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
        XCTAssertThrowsError(try MeasurementStores.open("postgres://u:pw-secret@127.0.0.1:1/lab")) {
            XCTAssertTrue("\($0)".hasPrefix("cannot connect to PostgreSQL database 'lab' on 127.0.0.1:1: "), "\($0)")
        }
    }

    func testPasswordsAreMaskedWhereverAURLIsShown() throws {
        XCTAssertEqual(PostgresURL.mask("postgres://me:s3cr@t@db.example:5433/lab"), "postgres://me:***@db.example:5433/lab")
        XCTAssertEqual(
            PostgresURL.mask("postgresql://me@db/lab?password=x&sslmode=require"), "postgresql://me@db/lab?password=***&sslmode=require")
        XCTAssertEqual(PostgresURL.mask("postgres://db/lab"), "postgres://db/lab")
        let url = try PostgresURL("postgres://me:secret@db.example/lab")
        XCTAssertEqual("\(url)", "postgres://me:***@db.example/lab")
        XCTAssertEqual(url.serverDescription, "database 'lab' on db.example")
        XCTAssertEqual(MeasurementStores.displayName("postgres://a:b@h/d"), "postgres://a:***@h/d")
    }
}
