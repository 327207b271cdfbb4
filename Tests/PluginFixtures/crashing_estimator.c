/* The plain-C example estimator, except that it crashes (SIGSEGV) when asked to predict on a
 * NAS-Bench-201 batch: a plugin that dies in the middle of a benchmark suite, after it has
 * finished the suite's single-device tasks. */
#include <string.h>

#define latkit_plugin_entry example_plugin_entry
#include "../../SDK/examples/c_estimator/linear_cost_estimator.c"
#undef latkit_plugin_entry

static latkit_status crashing_predict(latkit_handle *handle, const latkit_batch *batch, double *mean, double *std,
                                      latkit_error *error) {
    if (batch->search_space && strcmp(batch->search_space, "nasbench201") == 0) {
        volatile int *nowhere = NULL;
        *nowhere = 1;
    }
    return predict(handle, batch, mean, std, error);
}

static const latkit_estimator_api crashing_table = {
    .header = {sizeof(latkit_estimator_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create,
    .destroy = destroy,
    .views = LATKIT_VIEW_COST,
    .capabilities = LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE,
    .fit = fit,
    .predict = crashing_predict,
    .save = save,
    .load = load,
};

static const latkit_descriptor crashing_descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_ESTIMATOR,
    .name = "crashing-linear",
    .version = "1.0.0",
    .summary = "Test fixture: the C example, crashing on NAS-Bench-201 batches",
    .options_help = "",
    .table = &crashing_table,
};

static const latkit_descriptor *const crashing_plugins[] = {&crashing_descriptor};

static const latkit_library crashing_library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 1,
    .name = "crashing-linear",
    .plugins = crashing_plugins,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &crashing_library; }
