/* SQLite's C API (Debian: libsqlite3-dev, pkg-config name "sqlite3"). */
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast macro Swift cannot import: tells sqlite3_bind_* to copy the value. */
static inline void (*latkit_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
