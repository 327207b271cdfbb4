/* A profiler that measures nothing real: a stand-in device for tests of the measurement store,
 * `latkit profile` and `latkit lut build` that must run on any machine (no inference engine).
 *
 * A network's "latency" is its MACs / 1e7 ms and an operator's is 0.001 ms per character of its
 * key, times a small deterministic wobble, plus the batch size's share. Options:
 *   sleep_ms=N   sleep N ms per item, so a test can kill the process in the middle of a run
 *   jitter_ms=N  sleep a further 0..N ms per item, drawn at random (workers finishing out of step)
 *   fail=TEXT    fail (status LATKIT_ERR_INTERNAL) every item whose text contains TEXT
 * It asks for the architectures and cost views only, so it works with any ABI 1.0 search space.
 * Built with -DFAULT=1 it crashes (SIGSEGV) in `measure`, for the host's isolation of profilers. */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "latkit_plugin.h"

typedef struct state {
    long sleep_ms;
    long jitter_ms;
    unsigned seed;
    char fail[128];
} state;

static void set_error(latkit_error *error, const char *message) {
    if (!error || !error->message || error->capacity == 0) return;
    snprintf(error->message, error->capacity, "%s", message);
}

static latkit_status create(const latkit_descriptor *d, const char *options, latkit_handle **out, latkit_error *error) {
    (void)d;
    state *s = calloc(1, sizeof(state));
    if (!s) return LATKIT_ERR_INTERNAL;
    const char *line = options;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (length > 9 && strncmp(line, "sleep_ms=", 9) == 0) {
            s->sleep_ms = strtol(line + 9, NULL, 10);
        } else if (length > 10 && strncmp(line, "jitter_ms=", 10) == 0) {
            s->jitter_ms = strtol(line + 10, NULL, 10);
        } else if (length > 5 && strncmp(line, "fail=", 5) == 0 && length - 5 < sizeof(s->fail)) {
            memcpy(s->fail, line + 5, length - 5);
        } else {
            free(s);
            set_error(error, "unknown option (known: sleep_ms, jitter_ms, fail)");
            return LATKIT_ERR_INVALID_ARGUMENT;
        }
        line = end ? end + 1 : NULL;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    s->seed = (unsigned)(now.tv_nsec ^ (now.tv_sec << 8));
    *out = (latkit_handle *)s;
    return LATKIT_OK;
}

static void destroy(latkit_handle *handle) { free(handle); }

static latkit_status describe_device(latkit_handle *handle, const latkit_sink *out, latkit_error *error) {
    (void)handle;
    static const char text[] = "name=synthetic-device\nkind=cpu\ncores=1";
    latkit_status status = out->put(out->context, 0, text, sizeof(text) - 1, 0);
    if (status != LATKIT_OK) set_error(error, "the host refused the device description");
    return status;
}

static latkit_status measure(latkit_handle *handle, const latkit_batch *batch, const latkit_measure_options *options,
                             latkit_measurement *records, uint32_t record_size, const latkit_progress *progress,
                             latkit_error *error) {
    (void)progress;
#if defined(FAULT) && FAULT == 1
    volatile int *volatile nowhere = NULL;
    *nowhere = 1;
#endif
    state *s = (state *)handle;
    if (record_size < sizeof(latkit_measurement)) {
        set_error(error, "records too small");
        return LATKIT_ERR_INCOMPATIBLE;
    }
    if (!(batch->views & LATKIT_VIEW_ARCHITECTURES)) {
        set_error(error, "the batch lacks architectures");
        return LATKIT_ERR_INVALID_ARGUMENT;
    }
    double batch_size = options && options->batch_size ? options->batch_size : 1;
    for (uint64_t i = 0; i < batch->count; i++) {
        latkit_measurement *record = (latkit_measurement *)((char *)records + i * record_size);
        memset(record, 0, sizeof(*record));
        const char *item = batch->architectures[i];
        long sleep_ms = s->sleep_ms + (s->jitter_ms > 0 ? (long)(rand_r(&s->seed) % (s->jitter_ms + 1)) : 0);
        if (sleep_ms > 0) {
            struct timespec pause = {sleep_ms / 1000, (sleep_ms % 1000) * 1000000L};
            nanosleep(&pause, NULL);
        }
        if (s->fail[0] && strstr(item, s->fail)) {
            record->status = LATKIT_ERR_INTERNAL;
            record->machine_load = -1;
            continue;
        }
        unsigned hash = 2166136261u;
        for (const char *c = item; *c; c++) hash = (hash ^ (unsigned char)*c) * 16777619u;
        double wobble = 1.0 + ((hash % 1000) / 1000.0 - 0.5) * 0.02;
        double base = (batch->views & LATKIT_VIEW_COST) && batch->macs ? batch->macs[i] / 1e7 : 0.001 * (double)strlen(item);
        double mean = base * wobble * (0.8 + 0.2 * batch_size);
        record->mean_ms = mean;
        record->std_ms = 0.01 * mean;
        record->min_ms = 0.98 * mean;
        record->median_ms = mean;
        record->machine_load = 0;
        record->runs = options && options->timed_runs ? options->timed_runs : 50;
        record->status = LATKIT_OK;
    }
    return LATKIT_OK;
}

static const latkit_profiler_api table = {
    {sizeof(latkit_profiler_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    create,
    destroy,
    LATKIT_VIEW_ARCHITECTURES | LATKIT_VIEW_COST,
    0,
    describe_device,
    measure,
    NULL,
};

static const latkit_descriptor descriptor = {
    {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    LATKIT_KIND_PROFILER,
    0,
    "synthetic-profiler",
    "1.0.0",
    "A stand-in device for tests: latency from MACs, no inference engine",
    "sleep_ms=0  sleep per item (ms)\njitter_ms=0  sleep up to this much more, at random (ms)\nfail=  fail items containing this text",
    &table,
    NULL,
    NULL,
};

static const latkit_descriptor *const plugins[] = {&descriptor};

static const latkit_library library = {
    {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR}, 1, 0, "synthetic-profiler", plugins, NULL,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
