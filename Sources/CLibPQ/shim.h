/* libpq, PostgreSQL's C client (Debian: libpq-dev, pkg-config name "libpq"): the shared store and
 * job queue of a device farm. */
#include <libpq-fe.h>
