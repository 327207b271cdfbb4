/* Libraries whose loading goes wrong before any plugin is called, selected with -DCASE=n:
 *   1  a constructor that segfaults when the library is opened
 *   2  the entry point returns a pointer into nowhere
 *   3  a descriptor pointer into nowhere (the library table itself is sound)
 *   4  a constructor that calls exit(0)
 *   5  a constructor that never returns
 * Opened in the host, each would end or hang it; the host loads such a library in a child first.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "latkit_plugin.h"

#if CASE == 1 || CASE == 4 || CASE == 5
__attribute__((constructor)) static void on_load(void) {
    fprintf(stderr, "fixture: constructor running\n");
#if CASE == 1
    raise(SIGSEGV);
#elif CASE == 4
    exit(0);
#else
    for (volatile int spin = 0;; spin++) {
    }
#endif
}
#endif

#define WILD ((const void *)(uintptr_t)0x10)

static const latkit_descriptor *const plugins[] = {(const latkit_descriptor *)WILD};
static const latkit_library library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 1, .name = "fixture-crashing-load", .plugins = plugins,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) {
    return CASE == 2 ? (const latkit_library *)WILD : &library;
}
