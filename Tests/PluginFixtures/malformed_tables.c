/* Malformed libraries, selected with -DCASE=n:
 *   1  the entry point returns NULL
 *   2  an estimator table without predict
 *   3  a table shorter than ABI 1.0's
 *   4  a plugin of an unknown kind (as a newer minor might add) next to a valid one
 *   5  only a plugin of an unknown kind: nothing this host can use or check
 */
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
    for (uint64_t i = 0; i < b->count; i++) mean[i] = 2.0;
    return LATKIT_OK;
}

__attribute__((unused)) static const latkit_estimator_api no_predict = {
    .header = {sizeof(latkit_estimator_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create, .destroy = destroy,
};
__attribute__((unused)) static const latkit_estimator_api short_table = {
    .header = {16, LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create, .destroy = destroy, .predict = predict,
};
__attribute__((unused)) static const latkit_estimator_api valid = {
    .header = {sizeof(latkit_estimator_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create, .destroy = destroy, .predict = predict,
};

#if CASE == 2
#define TABLE no_predict
#elif CASE == 3
#define TABLE short_table
#else
#define TABLE valid
#endif

#if CASE != 5
static const latkit_descriptor descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_ESTIMATOR, .name = "fixture-estimator", .version = "1.0.0", .summary = "fixture", .table = &TABLE,
};
#endif
static const latkit_descriptor future_kind = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, 7},
    .kind = 99, .name = "fixture-future", .version = "1.0.0", .summary = "a kind from ABI 1.7", .table = &valid,
};
#if CASE == 5
static const latkit_descriptor *const plugins[] = {&future_kind};
#else
static const latkit_descriptor *const plugins[] = {&descriptor, &future_kind};
#endif
static const latkit_library library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = CASE == 4 ? 2 : 1, .name = "fixture-malformed", .plugins = plugins,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return CASE == 1 ? NULL : &library; }
