/*
 * linear_cost_estimator.c -- a complete LatencyKit estimator plugin in plain C.
 *
 * Plugin "example-c-linear": latency = a + b * MACs, fitted by least squares on the COST view.
 * It shows everything a plugin does: the entry point, a descriptor, an estimator table, options,
 * errors into the caller's buffer, host-allocated outputs, state save/load, and an extension
 * function callable with `latkit call example-c-linear add 2 3`.
 *
 * Build outside SwiftPM:
 *     cc -shared -fPIC -O2 -I SDK/include SDK/examples/c_estimator/linear_cost_estimator.c \
 *        -o liblatkit_example_c.so
 * Check:
 *     latkit plugins check ./liblatkit_example_c.so
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "latkit_plugin.h"

#define STATE_MAGIC 0x4C494E31u /* "LIN1" */

/* The plugin's state behind the opaque handle. */
typedef struct linear_model {
    double intercept;
    double slope;      /* ms per multiply-accumulate */
    double residual;   /* RMS of the training residuals: the std reported with each prediction */
    int fitted;
} linear_model;

/* Writes a printf-style message into the caller's buffer, truncated to its capacity. */
static latkit_status fail(latkit_error *error, latkit_status status, const char *format, ...) {
    if (error && error->message && error->capacity > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(error->message, error->capacity, format, args);
        va_end(args);
    }
    return status;
}

static latkit_status create(const latkit_descriptor *descriptor, const char *options, latkit_handle **out,
                            latkit_error *error) {
    (void)descriptor;
    if (options && options[0] != '\0') {
        /* This plugin takes no options: name the first key we were given. */
        char key[64] = {0};
        size_t length = strcspn(options, "=\n");
        memcpy(key, options, length < sizeof key - 1 ? length : sizeof key - 1);
        return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "unknown option '%s' (example-c-linear takes none)", key);
    }
    linear_model *model = calloc(1, sizeof *model);
    if (!model) return fail(error, LATKIT_ERR_INTERNAL, "out of memory");
    *out = (latkit_handle *)model;
    return LATKIT_OK;
}

static void destroy(latkit_handle *handle) { free(handle); }

static latkit_status fit(latkit_handle *handle, const latkit_batch *train, const latkit_batch *validation,
                         uint64_t seed, const latkit_progress *progress, latkit_error *error) {
    (void)validation;
    (void)seed;
    (void)progress;
    linear_model *model = (linear_model *)handle;
    if (!train->targets) return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "the training batch has no targets");
    if (!(train->views & LATKIT_VIEW_COST) || !train->macs)
        return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "the training batch lacks the cost view");
    if (train->count < 2) return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "need at least 2 rows, got %llu",
                                      (unsigned long long)train->count);
    double n = (double)train->count, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (uint64_t i = 0; i < train->count; i++) {
        double x = train->macs[i], y = train->targets[i];
        sx += x; sy += y; sxx += x * x; sxy += x * y;
    }
    double denominator = n * sxx - sx * sx;
    model->slope = denominator != 0 ? (n * sxy - sx * sy) / denominator : 0;
    model->intercept = (sy - model->slope * sx) / n;
    double squares = 0;
    for (uint64_t i = 0; i < train->count; i++) {
        double r = train->targets[i] - (model->intercept + model->slope * train->macs[i]);
        squares += r * r;
    }
    model->residual = sqrt(squares / n);
    model->fitted = 1;
    return LATKIT_OK;
}

static latkit_status predict(latkit_handle *handle, const latkit_batch *batch, double *mean, double *std,
                             latkit_error *error) {
    linear_model *model = (linear_model *)handle;
    if (!model->fitted) return fail(error, LATKIT_ERR_STATE, "predict called before fit or load");
    if (batch->count > 0 && !batch->macs) return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "the batch lacks the cost view");
    for (uint64_t i = 0; i < batch->count; i++) {
        mean[i] = model->intercept + model->slope * batch->macs[i];
        if (std) std[i] = model->residual;
    }
    return LATKIT_OK;
}

/* State: magic, then three little-endian doubles (this example assumes a little-endian machine). */
static latkit_status save(latkit_handle *handle, const latkit_sink *out, latkit_error *error) {
    linear_model *model = (linear_model *)handle;
    if (!model->fitted) return fail(error, LATKIT_ERR_STATE, "nothing to save before fit");
    unsigned char bytes[4 + 3 * sizeof(double)];
    uint32_t magic = STATE_MAGIC;
    memcpy(bytes, &magic, 4);
    memcpy(bytes + 4, &model->intercept, sizeof(double));
    memcpy(bytes + 4 + sizeof(double), &model->slope, sizeof(double));
    memcpy(bytes + 4 + 2 * sizeof(double), &model->residual, sizeof(double));
    return out->put(out->context, 0, (const char *)bytes, sizeof bytes, 0);
}

static latkit_status load(latkit_handle *handle, const uint8_t *bytes, uint64_t length, latkit_error *error) {
    linear_model *model = (linear_model *)handle;
    uint32_t magic = 0;
    if (length != 4 + 3 * sizeof(double)) return fail(error, LATKIT_ERR_INCOMPATIBLE, "state must be 28 bytes, got %llu",
                                                      (unsigned long long)length);
    memcpy(&magic, bytes, 4);
    if (magic != STATE_MAGIC) return fail(error, LATKIT_ERR_INCOMPATIBLE, "not an example-c-linear state");
    memcpy(&model->intercept, bytes + 4, sizeof(double));
    memcpy(&model->slope, bytes + 4 + sizeof(double), sizeof(double));
    memcpy(&model->residual, bytes + 4 + 2 * sizeof(double), sizeof(double));
    model->fitted = 1;
    return LATKIT_OK;
}

/* An extension function: `latkit call example-c-linear add 2 3` prints 5. */
static double add(double a, double b) { return a + b; }

static const latkit_estimator_api estimator_table = {
    .header = {sizeof(latkit_estimator_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create,
    .destroy = destroy,
    .views = LATKIT_VIEW_COST,
    .capabilities = LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE,
    .feature_encoding = NULL,
    .fit = fit,
    .adapt = NULL,
    .predict = predict,
    .save = save,
    .load = load,
};

static const latkit_function functions[] = {
    {sizeof(latkit_function), 0, "add", "d(d,d)", (void (*)(void))add, "a + b"},
};

static const latkit_descriptor descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_ESTIMATOR,
    .function_count = 1,
    .name = "example-c-linear",
    .version = "1.0.0",
    .summary = "Latency as a least-squares line in multiply-accumulates (plain C SDK example)",
    .options_help = "",
    .table = &estimator_table,
    .functions = functions,
    .plugin_data = NULL,
};

static const latkit_descriptor *const plugins[] = {&descriptor};

static const latkit_library library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 1,
    .name = "latkit-example-c",
    .plugins = plugins,
    .init = NULL,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
