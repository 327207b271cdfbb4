/* The plain-C example estimator, except that its predict breaks the host's rule for outputs at
 * row 17 (the last row of a shorter batch), chosen with -DCASE:
 *   1: latency -3            2: latency NaN           3: latency +inf
 *   4: std NaN               5: std -1                6: leaves the latency of the row unwritten
 * The host must refuse each with one line naming the plugin, the call and the row. */
#include <math.h>

#define latkit_plugin_entry example_plugin_entry
#include "../../SDK/examples/c_estimator/linear_cost_estimator.c"
#undef latkit_plugin_entry

#ifndef CASE
#define CASE 1
#endif

static latkit_status hostile_predict(latkit_handle *handle, const latkit_batch *batch, double *mean, double *std,
                                     latkit_error *error) {
    if (batch->count == 0) return predict(handle, batch, mean, std, error);
    uint64_t bad = batch->count > 17 ? 17 : batch->count - 1;
    double kept = 0;
    if (CASE == 6) kept = mean[bad];
    latkit_status status = predict(handle, batch, mean, std, error);
    if (status != LATKIT_OK) return status;
    switch (CASE) {
    case 1: mean[bad] = -3; break;
    case 2: mean[bad] = NAN; break;
    case 3: mean[bad] = INFINITY; break;
    case 4: if (std) std[bad] = NAN; break;
    case 5: if (std) std[bad] = -1; break;
    case 6: mean[bad] = kept; break;
    }
    return LATKIT_OK;
}

static const latkit_estimator_api hostile_table = {
    .header = {sizeof(latkit_estimator_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create,
    .destroy = destroy,
    .views = LATKIT_VIEW_COST,
    .capabilities = LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE,
    .fit = fit,
    .predict = hostile_predict,
    .save = save,
    .load = load,
};

static const latkit_descriptor hostile_descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_ESTIMATOR,
    .name = "hostile-linear",
    .version = "1.0.0",
    .summary = "Test fixture: the C example, returning an invalid prediction at row 17",
    .options_help = "",
    .table = &hostile_table,
};

static const latkit_descriptor *const hostile_plugins[] = {&hostile_descriptor};

static const latkit_library hostile_library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 1,
    .name = "hostile-linear",
    .plugins = hostile_plugins,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &hostile_library; }
