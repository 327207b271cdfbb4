/* A valid estimator named "duplicate-name"; the tests build it into two files. */
#include <stdlib.h>

#include "latkit_plugin.h"

static latkit_status create(const latkit_descriptor *d, const char *options, latkit_handle **out, latkit_error *e) {
    (void)d; (void)options; (void)e;
    *out = (latkit_handle *)malloc(1);
    return LATKIT_OK;
}
static void destroy(latkit_handle *h) { free(h); }
static latkit_status predict(latkit_handle *h, const latkit_batch *b, double *mean, double *std, latkit_error *e) {
    (void)h; (void)std; (void)e;
    for (uint64_t i = 0; i < b->count; i++) mean[i] = 1.0;
    return LATKIT_OK;
}

static const latkit_estimator_api table = {
    .header = {sizeof(latkit_estimator_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create, .destroy = destroy, .predict = predict,
};
static const latkit_descriptor descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_ESTIMATOR, .name = "duplicate-name", .version = "1.0.0", .summary = "fixture", .table = &table,
};
static const latkit_descriptor *const plugins[] = {&descriptor};
static const latkit_library library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 1, .name = "fixture-duplicate", .plugins = plugins,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
