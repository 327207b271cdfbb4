/* A library whose init refuses the host (as one needing a newer latkit would). */
#include <stdio.h>

#include "latkit_plugin.h"

static latkit_status init(const latkit_host_info *host, latkit_error *error) {
    snprintf(error->message, error->capacity, "needs latkit 99.0 or newer, this is %s", host->host_version);
    return LATKIT_ERR_INCOMPATIBLE;
}

static const latkit_library library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 0,
    .name = "fixture-refuses-host",
    .plugins = NULL,
    .init = init,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
