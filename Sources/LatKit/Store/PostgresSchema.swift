/// The tables a PostgreSQL store holds: the same `devices` and `measurements` as the SQLite store
/// (so both read back the same), the farm's job queue (`jobs`) and the workers it has seen
/// (`workers`). Created on first use; concurrent first uses wait for each other on an advisory
/// lock instead of racing.
enum PostgresSchema {
    /// The schema version this code writes.
    static let version = 1
    /// The advisory lock key schema creation holds ("latkit" in ASCII).
    private static let lockKey = 0x6C_6174_6B69_74

    /// Creates the tables when missing; refuses a database written by a newer schema.
    static func ensure(on connection: PostgresConnection) throws {
        try connection.transaction {
            try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(Int64(lockKey))])
            try connection.execute(script)
            let rows = try connection.query("SELECT version FROM latkit_schema")
            if let found = rows.first?[0].flatMap({ Int($0) }) {
                guard found <= version else {
                    throw StoreError("\(connection.url.masked): store schema \(found) is newer than this latkit's (\(version))")
                }
            } else {
                try connection.query("INSERT INTO latkit_schema (version) VALUES ($1)", [.int(version)])
            }
        }
    }

    private static let script = """
        CREATE TABLE IF NOT EXISTS latkit_schema (version integer NOT NULL);
        CREATE TABLE IF NOT EXISTS devices (
            name text PRIMARY KEY,
            description text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS measurements (
            id bigserial PRIMARY KEY,
            space text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('network', 'operator')),
            device text NOT NULL REFERENCES devices(name),
            profiler text NOT NULL,
            batch_size integer NOT NULL CHECK (batch_size > 0),
            protocol text NOT NULL,
            item text NOT NULL,
            mean_ms double precision NOT NULL CHECK (mean_ms > 0),
            std_ms double precision NOT NULL CHECK (std_ms >= 0),
            min_ms double precision NOT NULL,
            median_ms double precision NOT NULL,
            runs integer NOT NULL,
            machine_load double precision,
            measured_at text NOT NULL,
            UNIQUE (space, kind, device, profiler, batch_size, protocol, item)
        );
        CREATE TABLE IF NOT EXISTS jobs (
            id bigserial PRIMARY KEY,
            space text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('network', 'operator')),
            device text NOT NULL,
            profiler text NOT NULL,
            batch_size integer NOT NULL CHECK (batch_size > 0),
            warmup integer NOT NULL CHECK (warmup >= 0),
            runs integer NOT NULL CHECK (runs > 0),
            threads integer NOT NULL CHECK (threads > 0),
            item text NOT NULL,
            state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
            attempts integer NOT NULL DEFAULT 0,
            max_attempts integer NOT NULL CHECK (max_attempts > 0),
            worker text,
            lease_token text,
            lease_until timestamptz,
            error text,
            enqueued_at timestamptz NOT NULL DEFAULT now(),
            started_at timestamptz,
            finished_at timestamptz,
            UNIQUE (space, kind, device, profiler, batch_size, warmup, runs, threads, item)
        );
        CREATE INDEX IF NOT EXISTS jobs_queued ON jobs (device, profiler, id) WHERE state = 'queued';
        CREATE INDEX IF NOT EXISTS jobs_running ON jobs (lease_until) WHERE state = 'running';
        CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at) WHERE state = 'done';
        CREATE TABLE IF NOT EXISTS workers (
            name text PRIMARY KEY,
            host text NOT NULL,
            pid integer NOT NULL,
            device text NOT NULL,
            profiler text NOT NULL,
            started_at timestamptz NOT NULL,
            last_heartbeat timestamptz NOT NULL,
            jobs_done bigint NOT NULL DEFAULT 0,
            jobs_failed bigint NOT NULL DEFAULT 0
        );
        """
}
