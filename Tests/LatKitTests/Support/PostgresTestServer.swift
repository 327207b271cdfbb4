import Foundation
import XCTest

@testable import LatKit

/// A throwaway PostgreSQL server for one test class: `initdb` in a temporary folder, a free port
/// on 127.0.0.1, trust authentication, stopped (and its folder removed) by `stop()`. The server
/// refuses to run as root, so as root its tools run as the `postgres` user. Without PostgreSQL's
/// server binaries the tests that need it skip with a message (`.ci/run` installs them).
final class PostgresTestServer {
    let folder: String
    let port: Int
    private let binaries: String

    /// A URL of database `database` (with a password the trust authentication ignores, so that
    /// tests can check it is never printed).
    func url(_ database: String = "postgres") -> String { "postgres://latkit:pw-secret@127.0.0.1:\(port)/\(database)" }

    /// Starts a fresh server.
    static func start() throws -> PostgresTestServer {
        guard let binaries = findBinaries() else {
            throw XCTSkip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine; install postgresql to run the farm tests")
        }
        return try PostgresTestServer(binaries: binaries)
    }

    private init(binaries: String) throws {
        self.binaries = binaries
        folder = try CFixtures.temporaryFolder()
        port = try Self.freePort()
        if getuid() == 0 {
            try Self.run("/usr/bin/env", ["sh", "-c", "id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres"])
            try Self.run("/usr/bin/env", ["chown", "-R", "postgres", folder])
        }
        try tool("initdb", ["-A", "trust", "-U", "latkit", "-D", folder + "/data", "--no-sync"])
        try start()
    }

    /// Starts the server (again, after `stopServer`).
    func start() throws {
        try tool(
            "pg_ctl",
            [
                "-w", "-D", folder + "/data", "-l", folder + "/server.log", "-o",
                "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c max_connections=120", "start",
            ])
    }

    /// Stops the server fast (connections are cut, as in a crash of the network or a restart).
    func stopServer() throws { try tool("pg_ctl", ["-w", "-D", folder + "/data", "-m", "fast", "stop"]) }

    /// Stops the server and removes its folder.
    func stop() {
        try? stopServer()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Creates a fresh database and returns its URL.
    func createDatabase(_ name: String) throws -> String {
        let connection = try PostgresConnection(url: try PostgresURL(url()))
        try connection.execute("DROP DATABASE IF EXISTS \(name)")
        try connection.execute("CREATE DATABASE \(name)")
        return url(name)
    }

    private func tool(_ name: String, _ arguments: [String]) throws {
        let path = binaries + "/" + name
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try Self.run(path, arguments)
        }
    }

    /// Runs a tool to its end, with posix_spawn and waitpid rather than Foundation's `Process`:
    /// the server `pg_ctl` starts inherits the descriptors Foundation watches to see a child
    /// end, and would keep `waitUntilExit` waiting for as long as it runs. Its error output goes
    /// to a file for the same reason.
    private static func run(_ executable: String, _ arguments: [String]) throws {
        let errorsPath = NSTemporaryDirectory() + "latkit-pg-tool-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: errorsPath) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw FixtureError(description: "cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let message = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw FixtureError(description: "\(executable) \(arguments.joined(separator: " ")) failed (status \(status)): \(message)")
        }
    }

    /// Where `initdb` and `pg_ctl` are: Debian keeps them in /usr/lib/postgresql/VERSION/bin.
    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        return nil
    }

    /// A TCP port nobody listens on now: the kernel's pick for port 0.
    private static func freePort() throws -> Int {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { throw FixtureError(description: "socket() failed") }
        defer { close(socketHandle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(socketHandle, pointer, length) == 0 else { return -1 }
                return getsockname(socketHandle, pointer, &length)
            }
        }
        guard bound == 0 else { throw FixtureError(description: "could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
