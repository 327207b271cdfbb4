/*
 * abi_layout.c -- freezes the v1 layout of every struct in latkit_plugin.h.
 *
 * The plugin ABI may only grow by appending fields (a minor version). If an edit moves or resizes
 * any v1 field, this file stops compiling. The numbers are for LP64 targets (Linux and macOS on
 * x86_64 and arm64), the platforms LatencyKit supports. When a minor version appends a field, add
 * its offset here and update the size; never change an existing line.
 */
#include <stddef.h>

#include "latkit_plugin.h"

#define LATKIT_FREEZE_SIZE(type, size) _Static_assert(sizeof(type) == (size), "ABI v1: size of " #type " changed")
#define LATKIT_FREEZE_OFFSET(type, field, offset) \
    _Static_assert(offsetof(type, field) == (offset), "ABI v1: offset of " #type "." #field " changed")

_Static_assert(LATKIT_ABI_VERSION_MAJOR == 1, "this file freezes ABI major version 1");
_Static_assert(LATKIT_ABI_VERSION_MINOR >= 1, "this file freezes the layout up to ABI 1.1");
_Static_assert(sizeof(void *) == 8, "the v1 layout below is frozen for LP64 targets");

/* latkit_header */
LATKIT_FREEZE_SIZE(latkit_header, 8);
LATKIT_FREEZE_OFFSET(latkit_header, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_header, abi_major, 4);
LATKIT_FREEZE_OFFSET(latkit_header, abi_minor, 6);

/* latkit_error */
LATKIT_FREEZE_SIZE(latkit_error, 16);
LATKIT_FREEZE_OFFSET(latkit_error, message, 0);
LATKIT_FREEZE_OFFSET(latkit_error, capacity, 8);
LATKIT_FREEZE_OFFSET(latkit_error, reserved, 12);

/* latkit_sink */
LATKIT_FREEZE_SIZE(latkit_sink, 24);
LATKIT_FREEZE_OFFSET(latkit_sink, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_sink, context, 8);
LATKIT_FREEZE_OFFSET(latkit_sink, put, 16);

/* latkit_progress */
LATKIT_FREEZE_SIZE(latkit_progress, 24);
LATKIT_FREEZE_OFFSET(latkit_progress, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_progress, context, 8);
LATKIT_FREEZE_OFFSET(latkit_progress, report, 16);

/* latkit_batch (v1.0 ended at 144 bytes, after targets) */
LATKIT_FREEZE_SIZE(latkit_batch, 176);
LATKIT_FREEZE_OFFSET(latkit_batch, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_batch, views, 4);
LATKIT_FREEZE_OFFSET(latkit_batch, count, 8);
LATKIT_FREEZE_OFFSET(latkit_batch, search_space, 16);
LATKIT_FREEZE_OFFSET(latkit_batch, architectures, 24);
LATKIT_FREEZE_OFFSET(latkit_batch, features, 32);
LATKIT_FREEZE_OFFSET(latkit_batch, feature_count, 40);
LATKIT_FREEZE_OFFSET(latkit_batch, feature_encoding, 48);
LATKIT_FREEZE_OFFSET(latkit_batch, operator_offsets, 56);
LATKIT_FREEZE_OFFSET(latkit_batch, operator_keys, 64);
LATKIT_FREEZE_OFFSET(latkit_batch, operator_counts, 72);
LATKIT_FREEZE_OFFSET(latkit_batch, macs, 80);
LATKIT_FREEZE_OFFSET(latkit_batch, params, 88);
LATKIT_FREEZE_OFFSET(latkit_batch, device_features, 96);
LATKIT_FREEZE_OFFSET(latkit_batch, device_feature_count, 104);
LATKIT_FREEZE_OFFSET(latkit_batch, device_feature_names, 112);
LATKIT_FREEZE_OFFSET(latkit_batch, device_ids, 120);
LATKIT_FREEZE_OFFSET(latkit_batch, batch_sizes, 128);
LATKIT_FREEZE_OFFSET(latkit_batch, targets, 136);
/* since 1.1 */
LATKIT_FREEZE_OFFSET(latkit_batch, model_format, 144);
LATKIT_FREEZE_OFFSET(latkit_batch, model_offsets, 152);
LATKIT_FREEZE_OFFSET(latkit_batch, model_bytes, 160);
LATKIT_FREEZE_OFFSET(latkit_batch, model_input_shapes, 168);

/* latkit_function */
LATKIT_FREEZE_SIZE(latkit_function, 40);
LATKIT_FREEZE_OFFSET(latkit_function, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_function, name, 8);
LATKIT_FREEZE_OFFSET(latkit_function, signature, 16);
LATKIT_FREEZE_OFFSET(latkit_function, function, 24);
LATKIT_FREEZE_OFFSET(latkit_function, summary, 32);

/* latkit_descriptor */
LATKIT_FREEZE_SIZE(latkit_descriptor, 72);
LATKIT_FREEZE_OFFSET(latkit_descriptor, header, 0);
LATKIT_FREEZE_OFFSET(latkit_descriptor, kind, 8);
LATKIT_FREEZE_OFFSET(latkit_descriptor, function_count, 12);
LATKIT_FREEZE_OFFSET(latkit_descriptor, name, 16);
LATKIT_FREEZE_OFFSET(latkit_descriptor, version, 24);
LATKIT_FREEZE_OFFSET(latkit_descriptor, summary, 32);
LATKIT_FREEZE_OFFSET(latkit_descriptor, options_help, 40);
LATKIT_FREEZE_OFFSET(latkit_descriptor, table, 48);
LATKIT_FREEZE_OFFSET(latkit_descriptor, functions, 56);
LATKIT_FREEZE_OFFSET(latkit_descriptor, plugin_data, 64);

/* latkit_host_info */
LATKIT_FREEZE_SIZE(latkit_host_info, 24);
LATKIT_FREEZE_OFFSET(latkit_host_info, header, 0);
LATKIT_FREEZE_OFFSET(latkit_host_info, host_name, 8);
LATKIT_FREEZE_OFFSET(latkit_host_info, host_version, 16);

/* latkit_library */
LATKIT_FREEZE_SIZE(latkit_library, 40);
LATKIT_FREEZE_OFFSET(latkit_library, header, 0);
LATKIT_FREEZE_OFFSET(latkit_library, plugin_count, 8);
LATKIT_FREEZE_OFFSET(latkit_library, name, 16);
LATKIT_FREEZE_OFFSET(latkit_library, plugins, 24);
LATKIT_FREEZE_OFFSET(latkit_library, init, 32);

/* latkit_variation */
LATKIT_FREEZE_SIZE(latkit_variation, 24);
LATKIT_FREEZE_OFFSET(latkit_variation, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_variation, mutation_probability, 8);
LATKIT_FREEZE_OFFSET(latkit_variation, resolution_probability, 16);

/* latkit_search_space_api (v1.0 ended at 96 bytes, after cost) */
LATKIT_FREEZE_SIZE(latkit_search_space_api, 120);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, header, 0);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, create, 8);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, destroy, 16);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, describe, 24);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, canonicalize, 32);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, from_fields, 40);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, sample, 48);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, mutate, 56);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, crossover, 64);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, encode, 72);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, operators, 80);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, cost, 88);
/* since 1.1 */
LATKIT_FREEZE_OFFSET(latkit_search_space_api, export_models, 96);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, export_operators, 104);
LATKIT_FREEZE_OFFSET(latkit_search_space_api, list_operators, 112);

/* latkit_estimator_api */
LATKIT_FREEZE_SIZE(latkit_estimator_api, 80);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, header, 0);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, create, 8);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, destroy, 16);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, views, 24);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, capabilities, 28);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, feature_encoding, 32);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, fit, 40);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, adapt, 48);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, predict, 56);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, save, 64);
LATKIT_FREEZE_OFFSET(latkit_estimator_api, load, 72);

/* latkit_search_context */
LATKIT_FREEZE_SIZE(latkit_search_context, 72);
LATKIT_FREEZE_OFFSET(latkit_search_context, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_search_context, objective_count, 4);
LATKIT_FREEZE_OFFSET(latkit_search_context, objective_names, 8);
LATKIT_FREEZE_OFFSET(latkit_search_context, directions, 16);
LATKIT_FREEZE_OFFSET(latkit_search_context, context, 24);
LATKIT_FREEZE_OFFSET(latkit_search_context, sample, 32);
LATKIT_FREEZE_OFFSET(latkit_search_context, mutate, 40);
LATKIT_FREEZE_OFFSET(latkit_search_context, crossover, 48);
LATKIT_FREEZE_OFFSET(latkit_search_context, evaluate, 56);
LATKIT_FREEZE_OFFSET(latkit_search_context, progress, 64);

/* latkit_search_strategy_api */
LATKIT_FREEZE_SIZE(latkit_search_strategy_api, 32);
LATKIT_FREEZE_OFFSET(latkit_search_strategy_api, header, 0);
LATKIT_FREEZE_OFFSET(latkit_search_strategy_api, create, 8);
LATKIT_FREEZE_OFFSET(latkit_search_strategy_api, destroy, 16);
LATKIT_FREEZE_OFFSET(latkit_search_strategy_api, run, 24);

/* latkit_measure_options */
LATKIT_FREEZE_SIZE(latkit_measure_options, 24);
LATKIT_FREEZE_OFFSET(latkit_measure_options, struct_size, 0);
LATKIT_FREEZE_OFFSET(latkit_measure_options, warmup_runs, 4);
LATKIT_FREEZE_OFFSET(latkit_measure_options, timed_runs, 8);
LATKIT_FREEZE_OFFSET(latkit_measure_options, batch_size, 12);
LATKIT_FREEZE_OFFSET(latkit_measure_options, threads, 16);

/* latkit_measurement */
LATKIT_FREEZE_SIZE(latkit_measurement, 48);
LATKIT_FREEZE_OFFSET(latkit_measurement, mean_ms, 0);
LATKIT_FREEZE_OFFSET(latkit_measurement, std_ms, 8);
LATKIT_FREEZE_OFFSET(latkit_measurement, min_ms, 16);
LATKIT_FREEZE_OFFSET(latkit_measurement, median_ms, 24);
LATKIT_FREEZE_OFFSET(latkit_measurement, machine_load, 32);
LATKIT_FREEZE_OFFSET(latkit_measurement, runs, 40);
LATKIT_FREEZE_OFFSET(latkit_measurement, status, 44);

/* latkit_profiler_api */
LATKIT_FREEZE_SIZE(latkit_profiler_api, 56);
LATKIT_FREEZE_OFFSET(latkit_profiler_api, header, 0);
LATKIT_FREEZE_OFFSET(latkit_profiler_api, create, 8);
LATKIT_FREEZE_OFFSET(latkit_profiler_api, destroy, 16);
LATKIT_FREEZE_OFFSET(latkit_profiler_api, views, 24);
LATKIT_FREEZE_OFFSET(latkit_profiler_api, describe_device, 32);
LATKIT_FREEZE_OFFSET(latkit_profiler_api, measure, 40);
LATKIT_FREEZE_OFFSET(latkit_profiler_api, measure_operators, 48);

/* Keeps the translation unit non-empty for every compiler. */
int latkit_abi_layout_frozen_v1 = 1;
