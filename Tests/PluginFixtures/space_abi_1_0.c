/* A search space compiled as an ABI 1.0 plugin would be: its table stops after `cost` (96 bytes)
 * and says minor 0. The host must load it, use it, and report that it exports no models -- never
 * read the 1.1 members past its struct_size. Architectures are "n<digit>" (n1..n9), one operator
 * each, MACs = digit * 1e6.
 *
 * Built with -DFAULT=N it misbehaves in `sample`, for the host's isolation of search spaces:
 *   -DFAULT=1  SIGSEGV (a store through NULL)
 *   -DFAULT=2  an endless loop (for --timeout) */
#include <stdio.h>
#include <string.h>

#include "latkit_plugin.h"

/* The 1.0 layout of the table, as a 1.0 author's header declared it. */
typedef struct space_api_1_0 {
    LATKIT_TABLE_BASE;
    latkit_status (*describe)(latkit_handle *, const latkit_sink *, latkit_error *);
    latkit_status (*canonicalize)(latkit_handle *, uint64_t, const char *const *, const latkit_sink *, latkit_error *);
    latkit_status (*from_fields)(latkit_handle *, uint64_t, uint32_t, const char *const *, const latkit_sink *, latkit_error *);
    latkit_status (*sample)(latkit_handle *, uint64_t, uint64_t, const latkit_sink *, latkit_error *);
    latkit_status (*mutate)(latkit_handle *, uint64_t, const latkit_variation *, uint64_t, const char *const *, const latkit_sink *,
                            latkit_error *);
    latkit_status (*crossover)(latkit_handle *, uint64_t, uint64_t, const char *const *, const char *const *, const latkit_sink *,
                               latkit_error *);
    latkit_status (*encode)(latkit_handle *, const char *, uint64_t, const char *const *, float *, uint32_t, latkit_error *);
    latkit_status (*operators)(latkit_handle *, uint64_t, const char *const *, const latkit_sink *, latkit_error *);
    latkit_status (*cost)(latkit_handle *, uint64_t, const char *const *, double *, double *, latkit_error *);
} space_api_1_0;

_Static_assert(sizeof(space_api_1_0) == 96, "the ABI 1.0 search-space table is 96 bytes");

static int digit_of(const char *arch) {
    return arch && arch[0] == 'n' && arch[1] >= '1' && arch[1] <= '9' && arch[2] == '\0' ? arch[1] - '0' : 0;
}

static latkit_status fail(latkit_error *error, uint64_t index) {
    snprintf(error->message, error->capacity, "architecture %llu: expected n1..n9", (unsigned long long)index);
    return LATKIT_ERR_INVALID_ARGUMENT;
}

static latkit_status put_text(const latkit_sink *out, uint64_t index, const char *text, double value) {
    return out->put(out->context, index, text, strlen(text), value);
}

static latkit_status create(const latkit_descriptor *d, const char *options, latkit_handle **out, latkit_error *error) {
    (void)d;
    (void)options;
    (void)error;
    static int handle;
    *out = (latkit_handle *)&handle;
    return LATKIT_OK;
}

static void destroy(latkit_handle *handle) { (void)handle; }

static latkit_status describe(latkit_handle *h, const latkit_sink *out, latkit_error *error) {
    (void)h;
    (void)error;
    return put_text(out, 0, "size_log10=0.954\nencodings=digit\nfeature_count.digit=1\narch_columns=n", 0);
}

static latkit_status canonicalize(latkit_handle *h, uint64_t n, const char *const *archs, const latkit_sink *out, latkit_error *error) {
    (void)h;
    for (uint64_t i = 0; i < n; i++) {
        if (!digit_of(archs[i])) return fail(error, i);
        latkit_status status = put_text(out, i, archs[i], 0);
        if (status != LATKIT_OK) return status;
    }
    return LATKIT_OK;
}

static latkit_status from_fields(latkit_handle *h, uint64_t n, uint32_t width, const char *const *fields, const latkit_sink *out,
                                 latkit_error *error) {
    (void)width;
    return canonicalize(h, n, fields, out, error);
}

static latkit_status sample(latkit_handle *h, uint64_t seed, uint64_t n, const latkit_sink *out, latkit_error *error) {
    (void)h;
    (void)error;
#if defined(FAULT) && FAULT == 1
    volatile int *volatile nowhere = NULL;
    *nowhere = 1;
#elif defined(FAULT) && FAULT == 2
    for (volatile unsigned long spin = 0;; spin++) {
    }
#endif
    for (uint64_t i = 0; i < n; i++) {
        char text[3] = {'n', (char)('1' + (seed + i * 7) % 9), '\0'};
        latkit_status status = put_text(out, i, text, 0);
        if (status != LATKIT_OK) return status;
    }
    return LATKIT_OK;
}

static latkit_status mutate(latkit_handle *h, uint64_t seed, const latkit_variation *v, uint64_t n, const char *const *parents,
                            const latkit_sink *out, latkit_error *error) {
    (void)v;
    (void)parents;
    return sample(h, seed, n, out, error);
}

static latkit_status crossover(latkit_handle *h, uint64_t seed, uint64_t n, const char *const *a, const char *const *b,
                               const latkit_sink *out, latkit_error *error) {
    (void)seed;
    (void)b;
    return canonicalize(h, n, a, out, error);
}

static latkit_status encode(latkit_handle *h, const char *encoding, uint64_t n, const char *const *archs, float *features,
                            uint32_t count, latkit_error *error) {
    (void)h;
    (void)encoding;
    (void)count;
    for (uint64_t i = 0; i < n; i++) {
        if (!digit_of(archs[i])) return fail(error, i);
        features[i] = (float)digit_of(archs[i]);
    }
    return LATKIT_OK;
}

static latkit_status operators(latkit_handle *h, uint64_t n, const char *const *archs, const latkit_sink *out, latkit_error *error) {
    (void)h;
    for (uint64_t i = 0; i < n; i++) {
        if (!digit_of(archs[i])) return fail(error, i);
        latkit_status status = put_text(out, i, "block", digit_of(archs[i]));
        if (status != LATKIT_OK) return status;
    }
    return LATKIT_OK;
}

static latkit_status cost(latkit_handle *h, uint64_t n, const char *const *archs, double *macs, double *params, latkit_error *error) {
    (void)h;
    for (uint64_t i = 0; i < n; i++) {
        if (!digit_of(archs[i])) return fail(error, i);
        macs[i] = digit_of(archs[i]) * 1e6;
        params[i] = digit_of(archs[i]) * 1e3;
    }
    return LATKIT_OK;
}

static const space_api_1_0 table = {
    {sizeof(space_api_1_0), 1, 0}, create, destroy, describe, canonicalize, from_fields, sample, mutate, crossover, encode,
    operators, cost,
};

static const latkit_descriptor descriptor = {
    {sizeof(latkit_descriptor), 1, 0}, LATKIT_KIND_SEARCH_SPACE, 0, "digits-1-0", "1.0.0", "An ABI 1.0 search space (fixture)",
    NULL, &table, NULL, NULL,
};

static const latkit_descriptor *const plugins[] = {&descriptor};
static const latkit_library library = {{sizeof(latkit_library), 1, 0}, 1, 0, "digits-1-0", plugins, NULL};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
