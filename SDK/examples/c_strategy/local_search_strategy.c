/*
 * local_search_strategy.c -- a complete LatencyKit search-strategy plugin in plain C.
 *
 * Plugin "example-c-local": hill climbing. It samples `batch` architectures, then, round after
 * round, evaluates `batch` mutants of the best feasible architecture so far and moves to the best
 * of them when it is better on the first objective. Every round is one batched `evaluate` call
 * through the host's search context; the strategy never calls other plugins. It shows what a
 * strategy does: options, the context's calls with a plugin-owned sink, the budget, progress
 * with cancellation, errors passed on, and the result written through the host's sink.
 *
 * Build outside SwiftPM:
 *     cc -shared -fPIC -O2 -I SDK/include SDK/examples/c_strategy/local_search_strategy.c \
 *        -o liblatkit_example_c_strategy.so
 * Check, then use it in a pipeline ("strategy": {"name": "example-c-local"}):
 *     latkit plugins check ./liblatkit_example_c_strategy.so
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "latkit_plugin.h"

typedef struct local_search {
    uint64_t batch;                /* architectures per evaluate call */
    double mutation_probability;   /* per gene */
} local_search;

static latkit_status fail(latkit_error *error, latkit_status status, const char *format, ...) {
    if (error && error->message && error->capacity > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(error->message, error->capacity, format, args);
        va_end(args);
    }
    return status;
}

/* ---- A plugin-owned sink that keeps the strings the host writes (items 0..n-1). ---- */

typedef struct string_list {
    char **items;
    uint64_t count;
} string_list;

static latkit_status list_put(void *context, uint64_t index, const char *data, uint64_t length, double value) {
    (void)value;
    string_list *list = context;
    if (index >= list->count) return LATKIT_ERR_INVALID_ARGUMENT;
    size_t old = list->items[index] ? strlen(list->items[index]) : 0;
    char *grown = realloc(list->items[index], old + length + 1);
    if (!grown) return LATKIT_ERR_INTERNAL;
    memcpy(grown + old, data, length);
    grown[old + length] = '\0';
    list->items[index] = grown;
    return LATKIT_OK;
}

static int list_init(string_list *list, uint64_t count) {
    list->items = calloc(count ? count : 1, sizeof(char *));
    list->count = count;
    return list->items != NULL;
}

static void list_free(string_list *list) {
    for (uint64_t i = 0; i < list->count; i++) free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

static int list_complete(const string_list *list) {
    for (uint64_t i = 0; i < list->count; i++)
        if (!list->items[i]) return 0;
    return 1;
}

/* ---- Options: "batch=N" and "mutation_probability=P", one per line. ---- */

static latkit_status create(const latkit_descriptor *descriptor, const char *options, latkit_handle **out,
                            latkit_error *error) {
    (void)descriptor;
    local_search search = {20, 0.2};
    const char *line = options;
    while (line && *line) {
        size_t length = strcspn(line, "\n");
        char text[128] = {0};
        memcpy(text, line, length < sizeof text - 1 ? length : sizeof text - 1);
        char *equals = strchr(text, '=');
        if (length > 0) {
            if (!equals) return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "option '%s' is not key=value", text);
            *equals = '\0';
            char *end = NULL;
            if (strcmp(text, "batch") == 0) {
                long long value = strtoll(equals + 1, &end, 10);
                if (*end || value < 1 || value > 100000)
                    return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "option batch=%s must be an integer in 1...100000", equals + 1);
                search.batch = (uint64_t)value;
            } else if (strcmp(text, "mutation_probability") == 0) {
                double value = strtod(equals + 1, &end);
                if (*end || !(value >= 0 && value <= 1))
                    return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "option mutation_probability=%s must be in 0...1", equals + 1);
                search.mutation_probability = value;
            } else {
                return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "unknown option '%s' (known: batch, mutation_probability)", text);
            }
        }
        line += length;
        if (*line == '\n') line++;
    }
    local_search *made = malloc(sizeof *made);
    if (!made) return fail(error, LATKIT_ERR_INTERNAL, "out of memory");
    *made = search;
    *out = (latkit_handle *)made;
    return LATKIT_OK;
}

static void destroy(latkit_handle *handle) { free(handle); }

/* The first objective, oriented so that larger is better; NaN is the worst. */
static double score(const latkit_search_context *context, const double *objectives) {
    double value = objectives[0];
    if (isnan(value)) return -INFINITY;
    return context->directions[0] == LATKIT_MAXIMIZE ? value : -value;
}

/* One round: writes `count` architectures (sampled when `parent` is NULL, else mutants of it)
   into `list`, evaluates them in one call, and moves `best` to the best feasible improvement. */
static latkit_status round_of(const local_search *search, const latkit_search_context *context, uint64_t seed,
                              uint64_t count, char **best, double *best_score, latkit_error *error) {
    string_list list;
    if (!list_init(&list, count)) return fail(error, LATKIT_ERR_INTERNAL, "out of memory");
    latkit_sink sink = {sizeof(latkit_sink), 0, &list, list_put};
    latkit_status status;
    if (*best == NULL) {
        status = context->sample(context->context, seed, count, &sink, error);
    } else {
        const char **parents = malloc(count * sizeof(char *));
        if (!parents) {
            list_free(&list);
            return fail(error, LATKIT_ERR_INTERNAL, "out of memory");
        }
        for (uint64_t i = 0; i < count; i++) parents[i] = *best;
        latkit_variation variation = {sizeof(latkit_variation), 0, search->mutation_probability, search->mutation_probability};
        status = context->mutate(context->context, seed, &variation, count, parents, &sink, error);
        free(parents);
    }
    /* A failed host call: its message is already in `error`; pass the status on. */
    if (status != LATKIT_OK || !list_complete(&list)) {
        list_free(&list);
        return status != LATKIT_OK ? status : fail(error, LATKIT_ERR_INTERNAL, "the host wrote too few architectures");
    }
    uint32_t columns = context->objective_count;
    double *objectives = malloc(count * columns * sizeof(double));
    uint8_t *feasible = malloc(count);
    if (!objectives || !feasible) {
        free(objectives);
        free(feasible);
        list_free(&list);
        return fail(error, LATKIT_ERR_INTERNAL, "out of memory");
    }
    status = context->evaluate(context->context, count, (const char *const *)list.items, objectives, feasible, error);
    if (status == LATKIT_OK) {
        for (uint64_t i = 0; i < count; i++) {
            double value = score(context, objectives + i * columns);
            if (feasible[i] && (*best == NULL || value > *best_score)) {
                free(*best);
                *best = strdup(list.items[i]);
                *best_score = value;
            }
        }
    }
    free(objectives);
    free(feasible);
    list_free(&list);
    return status;
}

static latkit_status run(latkit_handle *handle, const latkit_search_context *context, uint64_t seed,
                         uint64_t max_evaluations, const latkit_sink *out, latkit_error *error) {
    const local_search *search = (const local_search *)handle;
    if (context->struct_size < sizeof(latkit_search_context))
        return fail(error, LATKIT_ERR_INCOMPATIBLE, "the host's search context is older than this plugin reads");
    if (context->objective_count == 0) return fail(error, LATKIT_ERR_INVALID_ARGUMENT, "no objectives");
    char *best = NULL;
    double best_score = -INFINITY;
    uint64_t used = 0, round = 0;
    latkit_status status = LATKIT_OK;
    while (used < max_evaluations) {
        uint64_t count = max_evaluations - used < search->batch ? max_evaluations - used : search->batch;
        /* A different seed for every round, derived from the run's seed: same seed, same run. */
        status = round_of(search, context, seed * 1000003u + round, count, &best, &best_score, error);
        if (status != LATKIT_OK) break;
        used += count;
        round++;
        if (context->progress && context->progress->report &&
            context->progress->report(context->progress->context, (double)used / (double)max_evaluations,
                                      best ? "round done" : "no feasible architecture yet") != 0) {
            status = fail(error, LATKIT_ERR_CANCELLED, "cancelled");
            break;
        }
    }
    if (status == LATKIT_OK && best == NULL)
        status = fail(error, LATKIT_ERR_INVALID_ARGUMENT, "no architecture among the %llu evaluated meets the constraints",
                      (unsigned long long)used);
    if (status == LATKIT_OK) status = out->put(out->context, 0, best, strlen(best), 0);
    free(best);
    return status;
}

static const latkit_search_strategy_api strategy_table = {
    .header = {sizeof(latkit_search_strategy_api), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .create = create,
    .destroy = destroy,
    .run = run,
};

static const latkit_descriptor descriptor = {
    .header = {sizeof(latkit_descriptor), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .kind = LATKIT_KIND_SEARCH_STRATEGY,
    .function_count = 0,
    .name = "example-c-local",
    .version = "1.0.0",
    .summary = "Hill climbing on the first objective, one batched evaluate per round (plain C SDK example)",
    .options_help = "batch=20  architectures per round\nmutation_probability=0.2  per-gene mutation probability",
    .table = &strategy_table,
    .functions = NULL,
    .plugin_data = NULL,
};

static const latkit_descriptor *const plugins[] = {&descriptor};

static const latkit_library library = {
    .header = {sizeof(latkit_library), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR},
    .plugin_count = 1,
    .name = "latkit-example-c-strategy",
    .plugins = plugins,
    .init = NULL,
};

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &library; }
