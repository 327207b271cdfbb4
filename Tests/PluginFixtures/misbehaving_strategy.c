/* A search strategy that breaks one rule of the strategy contract, chosen with -DCASE=N:
 *   1  ignores its budget: keeps evaluating batches of 50 past max_evaluations
 *   2  swallows a failed evaluate call and returns success anyway
 *   3  is not repeatable: mixes a counter that survives between runs into its seeds
 *   4  returns an architecture that is not in canonical form
 *   5  crashes (SIGSEGV) after its first evaluate call
 *   6  calls exit(0) after its first evaluate call
 * Otherwise it is random search: batches of 50, the first feasible architecture of the best
 * objective wins. */
#include <stdlib.h>
#include <string.h>

#include "latkit_plugin.h"

#ifndef CASE
#define CASE 0
#endif

typedef struct list {
    char *items[50];
} list;

static latkit_status put(void *context, uint64_t index, const char *data, uint64_t length, double value) {
    (void)value;
    list *l = context;
    if (index >= 50) return LATKIT_ERR_INVALID_ARGUMENT;
    l->items[index] = malloc(length + 1);
    memcpy(l->items[index], data, length);
    l->items[index][length] = '\0';
    return LATKIT_OK;
}

static latkit_status create(const latkit_descriptor *d, const char *options, latkit_handle **out, latkit_error *error) {
    (void)d;
    if (options && options[0]) {
        strncpy(error->message, "this fixture takes no options", error->capacity - 1);
        error->message[error->capacity - 1] = '\0';
        return LATKIT_ERR_INVALID_ARGUMENT;
    }
    *out = (latkit_handle *)malloc(1);
    return LATKIT_OK;
}

static void destroy(latkit_handle *handle) { free(handle); }

static uint64_t runs = 0;

static latkit_status run(latkit_handle *handle, const latkit_search_context *context, uint64_t seed, uint64_t max_evaluations,
                         const latkit_sink *out, latkit_error *error) {
    (void)handle;
    runs++;
    char best[256] = {0};
    double best_value = -1e300;
    uint64_t used = 0;
    for (uint64_t round = 0; CASE == 1 ? used <= max_evaluations : used + 50 <= max_evaluations; round++) {
        list l = {{0}};
        latkit_sink sink = {sizeof(latkit_sink), 0, &l, put};
        uint64_t round_seed = seed * 7919 + round + (CASE == 3 ? runs * 104729 : 0);
        latkit_status status = context->sample(context->context, round_seed, 50, &sink, error);
        if (status != LATKIT_OK) return status;
        double objectives[50 * 8];
        uint8_t feasible[50];
        if (context->objective_count > 8) return LATKIT_ERR_UNSUPPORTED;
        status = context->evaluate(context->context, 50, (const char *const *)l.items, objectives, feasible, error);
        if (status != LATKIT_OK && CASE != 2) {
            for (int i = 0; i < 50; i++) free(l.items[i]);
            return status;
        }
        used += 50;
        if (CASE == 5) {
            volatile int *volatile nowhere = NULL;
            *nowhere = 1;
        }
        if (CASE == 6) exit(0);
        for (int i = 0; i < 50; i++) {
            double value = objectives[i * context->objective_count];
            if (context->directions[0] == LATKIT_MINIMIZE) value = -value;
            if (status == LATKIT_OK && feasible[i] && value > best_value) {
                best_value = value;
                strncpy(best, l.items[i], sizeof best - 1);
            }
            if (CASE == 2 && best[0] == '\0') strncpy(best, l.items[i], sizeof best - 1);
            free(l.items[i]);
        }
    }
    if (CASE == 4) strcat(best, "-");
    return out->put(out->context, 0, best, strlen(best), 0);
}

static const latkit_search_strategy_api table = {
    .header = {sizeof(latkit_search_strategy_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create,
    .destroy = destroy,
    .run = run,
};

static const latkit_descriptor descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_SEARCH_STRATEGY,
    .name = "fixture-misbehaving",
    .version = "1.0.0",
    .summary = "a strategy that breaks one rule (see -DCASE)",
    .table = &table,
};

static const latkit_descriptor *const plugins[] = {&descriptor};

static const latkit_library library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 1,
    .name = "fixture-misbehaving-strategy",
    .plugins = plugins,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
