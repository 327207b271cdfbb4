/* The plain-C example estimator, except that it crashes (SIGSEGV) when asked to predict on a
 * NAS-Bench-201 batch: a plugin that dies in the middle of a benchmark suite, after it has
 * finished the suite's single-device tasks.
 *
 * Built with -DFAULT=N it misbehaves in every batch instead, one way per N, so the host's
 * isolation (`IsolatedEstimator`) can be tested against each way a plugin can take its process down:
 *
 *   -DFAULT=1  SIGSEGV in predict (a store through NULL)
 *   -DFAULT=2  abort() in predict (SIGABRT, as an uncaught C++ exception ends)
 *   -DFAULT=3  __builtin_trap() in predict (SIGILL on x86-64, SIGTRAP on arm64)
 *   -DFAULT=4  an endless loop in fit (for --timeout)
 *   -DFAULT=5  exit(0) in predict
 *   -DFAULT=6  writes far past the end of the error buffer in predict
 *   -DFAULT=7  an uncaught C++ exception out of predict (link crashing_estimator_throw.cpp, with c++)
 */
#include <stdlib.h>
#include <string.h>

#define latkit_plugin_entry example_plugin_entry
#include "../../SDK/examples/c_estimator/linear_cost_estimator.c"
#undef latkit_plugin_entry

#if defined(FAULT) && FAULT == 7
void crashing_estimator_throw(void);
#endif

static inline void segfault(void) {
    /* Pointer and target both volatile: the compiler cannot drop the store as undefined. */
    volatile int *volatile nowhere = NULL;
    *nowhere = 1;
}

static void misbehave(const latkit_batch *batch, latkit_error *error) {
    (void)error;
#if !defined(FAULT)
    if (batch->search_space && strcmp(batch->search_space, "nasbench201") == 0) segfault();
#elif FAULT == 1
    segfault();
#elif FAULT == 2
    abort();
#elif FAULT == 3
    __builtin_trap();
#elif FAULT == 5
    exit(0);
#elif FAULT == 7
    crashing_estimator_throw();
#elif FAULT == 6
    /* "Truncate, never overflow": this one overflows by far more than any buffer it was given. */
    memset(error->message, 'x', (size_t)1 << 34);
#endif
    (void)batch;
}

static latkit_status crashing_fit(latkit_handle *handle, const latkit_batch *train, const latkit_batch *validation,
                                  uint64_t seed, const latkit_progress *progress, latkit_error *error) {
#if defined(FAULT) && FAULT == 4
    for (volatile unsigned long spin = 0;; spin++) {
    }
#endif
    return fit(handle, train, validation, seed, progress, error);
}

static latkit_status crashing_predict(latkit_handle *handle, const latkit_batch *batch, double *mean, double *std,
                                      latkit_error *error) {
    misbehave(batch, error);
    return predict(handle, batch, mean, std, error);
}

static const latkit_estimator_api crashing_table = {
    .header = {sizeof(latkit_estimator_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create,
    .destroy = destroy,
    .views = LATKIT_VIEW_COST,
    .capabilities = LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE,
    .fit = crashing_fit,
    .predict = crashing_predict,
    .save = save,
    .load = load,
};

static const latkit_descriptor crashing_descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_ESTIMATOR,
    .name = "crashing-linear",
    .version = "1.0.0",
    .summary = "Test fixture: the C example, crashing on NAS-Bench-201 batches (or as -DFAULT says)",
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
