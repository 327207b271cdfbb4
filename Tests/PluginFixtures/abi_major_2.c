/* Claims plugin ABI 2.0: the host must refuse it before reading anything else. */
#include "latkit_plugin.h"

static const latkit_library library = {
    .header = {sizeof(latkit_library), 2, 0},
    .plugin_count = 0,
    .name = "fixture-abi-2",
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
