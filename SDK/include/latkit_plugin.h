/*
 * latkit_plugin.h -- the LatencyKit plugin ABI, version 1.1.
 *
 * This header is the whole contract between the `latkit` host and its plugins. Nothing else is
 * shared: no Swift type, no C++ exception, no Rust panic ever crosses it. Only fixed-width
 * integers, floats, doubles, pointers and structs of those do.
 *
 * ------------------------------------------------------------------------------------------
 * 1. Entry point
 * ------------------------------------------------------------------------------------------
 * A plugin library is a shared object named `liblatkit_<anything>.so` (`.dylib` on Darwin). It
 * exports exactly one C symbol, LATKIT_ENTRY_SYMBOL ("latkit_plugin_entry"), of type
 * `latkit_entry_fn`. The host calls it once, right after dlopen, from one thread. It returns a
 * pointer to a static, immutable `latkit_library` that lives until the process ends: the host
 * never unloads a plugin library (it opens them RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE).
 *
 * The library lists its plugins as descriptors. One library may export several plugins of
 * several kinds. Each descriptor points to the function table of its kind.
 *
 * ------------------------------------------------------------------------------------------
 * 2. Versioning
 * ------------------------------------------------------------------------------------------
 * Every descriptor and every function table starts with a `latkit_header`: the size of the
 * struct as the plugin compiled it, and the ABI major/minor version it was written for.
 *   - A different major version is refused by the host with a message naming both versions.
 *   - Minor versions only ever append fields at the end of a struct. The host never reads past
 *     `struct_size`; a field beyond it is treated as absent (NULL / zero). A plugin written for a
 *     newer minor version therefore still loads in an older host, and the other way round.
 *   - Structs the host passes to plugins (batches, sinks, contexts) carry `struct_size` too; a
 *     plugin must not read a field that lies beyond the size the host says it passed.
 * Fields are never removed or reordered within a major version. `abi_layout.c` in the SDK
 * freezes every v1 size and offset with _Static_assert. Members appended by a minor version sit
 * under a "since 1.x" comment; SDK/CHANGELOG.md lists every change, version by version.
 * To tell whether a plugin's table has a 1.1 member, compare its `struct_size` with the member's
 * offset (the host does this for plugins; a plugin does it for the structs the host passes).
 *
 * ------------------------------------------------------------------------------------------
 * 3. Ownership
 * ------------------------------------------------------------------------------------------
 *   - Everything a plugin returns by pointer from the entry point (library, descriptors, tables,
 *     strings in them) is static and owned by the plugin; the host never frees it.
 *   - The host allocates every output: numeric outputs are host-owned arrays whose length is
 *     stated in the call; variable-length outputs (text, bytes, operator lists) are written
 *     through a host-owned `latkit_sink`, whose `put` copies the data before it returns.
 *   - Inputs passed by the host (batches, strings, arrays) are valid only for the duration of
 *     the call. A plugin that needs them later copies them.
 *   - Nothing is ever freed across the boundary. Plugin-internal state lives behind an opaque
 *     `latkit_handle` created by `create` and released by `destroy` of the same table.
 *
 * ------------------------------------------------------------------------------------------
 * 4. Errors
 * ------------------------------------------------------------------------------------------
 * Every fallible function returns a `latkit_status` (LATKIT_OK = 0) and takes a caller-owned
 * `latkit_error *` as its last argument. On failure the plugin writes a NUL-terminated, UTF-8,
 * single-line message into `error->message` (at most `error->capacity` bytes including the NUL;
 * truncate, never overflow). `error` is never NULL. A plugin must catch every exception or panic
 * of its own language and turn it into a status: unwinding across the ABI is undefined.
 *
 * ------------------------------------------------------------------------------------------
 * 5. Threading
 * ------------------------------------------------------------------------------------------
 *   - `latkit_plugin_entry`, `latkit_library.init` are called once, from one thread.
 *   - Descriptors and tables are immutable and may be read from any thread.
 *   - `create` may be called concurrently from several threads (it must not touch shared
 *     mutable state without its own locking).
 *   - Calls on one handle are serialized by the host: never two at once on the same handle, but
 *     not necessarily from the same thread. Calls on different handles may run concurrently.
 *   - A plugin may use threads internally (e.g. a BLAS), and must have joined or parked them
 *     before a call returns; it never calls back into a sink, progress or context after the call
 *     that received it has returned.
 * Every function pointer below opens its comment with one of these tags:
 *   [once]         called once per process, from one thread, before anything else of the library.
 *   [any-thread]   from any thread, possibly at the same time as any other call of the plugin.
 *   [per-handle]   calls on one handle never overlap (the host serializes them) but may come from
 *                  different threads; calls on different handles may run at the same time.
 *   [during-call]  a host callback: callable only while the plugin call that received it runs,
 *                  and only from that call's thread.
 *   [serial]       from any thread, never at the same time as another [serial] function.
 * and says who owns each output: "Out (host)" is memory the host allocated and the plugin fills,
 * valid only during the call; "Out (plugin)" is memory the plugin returns and keeps valid as said;
 * in the search context's callbacks the roles swap: "Out (strategy)" is the strategy's memory.
 *
 * ------------------------------------------------------------------------------------------
 * 6. Data views
 * ------------------------------------------------------------------------------------------
 * Plugins never call each other. An estimator (or accuracy predictor, or profiler) declares in
 * its table which *views* of an architecture it needs (LATKIT_VIEW_* bits); the host, which holds
 * the search-space plugin, prepares a `latkit_batch` that carries exactly those views: canonical
 * architecture strings, a float32 feature matrix, operator keys with counts, cost figures,
 * device descriptor rows and batch sizes, and (for training) targets. So a third-party
 * estimator works with every search space that can supply the views it asks for.
 */
#ifndef LATKIT_PLUGIN_H
#define LATKIT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Plain literals: Swift imports integer literal macros, not shifted expressions. */
#define LATKIT_ABI_VERSION_MAJOR 1
#define LATKIT_ABI_VERSION_MINOR 1
#define LATKIT_ENTRY_SYMBOL "latkit_plugin_entry"

#if defined(_WIN32)
#define LATKIT_EXPORT __declspec(dllexport)
#else
#define LATKIT_EXPORT __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------------------------------- */
/* Common types                                                                             */
/* ---------------------------------------------------------------------------------------- */

/** Result of every fallible call. Values are stable across all versions. */
typedef int32_t latkit_status;
enum {
    LATKIT_OK = 0,
    LATKIT_ERR_INVALID_ARGUMENT = 1, /* bad input: malformed architecture, unknown option, ...  */
    LATKIT_ERR_UNSUPPORTED = 2,      /* the plugin does not implement this (optional) call     */
    LATKIT_ERR_STATE = 3,            /* wrong order, e.g. predict before fit or load            */
    LATKIT_ERR_CANCELLED = 4,        /* a progress callback asked to stop                       */
    LATKIT_ERR_IO = 5,               /* reading or writing outside data failed                  */
    LATKIT_ERR_INCOMPATIBLE = 6,     /* versions or saved state that this plugin cannot accept  */
    LATKIT_ERR_INTERNAL = 7          /* a bug or an exhausted resource inside the plugin        */
};

/** Starts every descriptor and function table. */
typedef struct latkit_header {
    uint32_t struct_size; /* sizeof the struct as compiled by its author */
    uint16_t abi_major;   /* LATKIT_ABI_VERSION_MAJOR the author compiled against */
    uint16_t abi_minor;   /* LATKIT_ABI_VERSION_MINOR the author compiled against */
} latkit_header;

/** Caller-owned buffer for an error message (see section 4). */
typedef struct latkit_error {
    char *message;     /* capacity bytes, owned by the caller */
    uint32_t capacity; /* including room for the terminating NUL */
    uint32_t reserved; /* zero */
} latkit_error;

/** Opaque plugin state, created by a table's `create`, released by its `destroy`. */
typedef struct latkit_handle latkit_handle;

/**
 * A host-owned output stream. `put` appends one item to output number `index` (an architecture
 * index within the batch, or 0 for single outputs) and copies `data` before returning. `value`
 * carries a number that belongs to the item (an operator count); it is 0 where unused. Returns
 * LATKIT_OK, or an error status that the plugin must pass on to its own caller.
 * Each call that takes a sink documents what its items are.
 */
typedef struct latkit_sink {
    uint32_t struct_size;
    uint32_t reserved;
    void *context;
    /* [during-call] Copies `length` bytes of `data` (not NUL-terminated; the plugin keeps
       ownership) before it returns. */
    latkit_status (*put)(void *context, uint64_t index, const char *data, uint64_t length, double value);
} latkit_sink;

/**
 * Host-owned progress reporting for long calls. `report` may be called from the calling thread
 * only, any number of times; `fraction` is in [0, 1] or negative when unknown; `message` may be
 * NULL. A non-zero return asks the plugin to stop: it then returns LATKIT_ERR_CANCELLED.
 */
typedef struct latkit_progress {
    uint32_t struct_size;
    uint32_t reserved;
    void *context;
    /* [during-call] `message` is the plugin's, copied before `report` returns. */
    int32_t (*report)(void *context, double fraction, const char *message);
} latkit_progress;

/* ---------------------------------------------------------------------------------------- */
/* Batches: the views of n architectures that the host prepares for a plugin                */
/* ---------------------------------------------------------------------------------------- */

/** View bits: what an estimator, accuracy predictor or profiler needs in its batches. */
enum {
    LATKIT_VIEW_ARCHITECTURES = 1u << 0, /* canonical architecture strings                  */
    LATKIT_VIEW_FEATURES = 1u << 1,      /* float32 feature matrix                          */
    LATKIT_VIEW_OPERATORS = 1u << 2,     /* operator keys and counts per architecture        */
    LATKIT_VIEW_COST = 1u << 3,          /* multiply-accumulates and parameters              */
    LATKIT_VIEW_DEVICE = 1u << 4,        /* device descriptor row and batch size per row     */
    LATKIT_VIEW_MODELS = 1u << 5         /* since 1.1: a runnable model per row (profilers)  */
};

/**
 * n architectures with the views the plugin asked for. Every pointer of a view not asked for
 * may be NULL. All arrays are host-owned and valid only during the call.
 */
typedef struct latkit_batch {
    uint32_t struct_size;
    uint32_t views;                  /* LATKIT_VIEW_* bits actually present                   */
    uint64_t count;                  /* n, the number of rows                                 */
    const char *search_space;        /* name of the search-space plugin, e.g. "ofa-mbv3-w1.0" */

    /* LATKIT_VIEW_ARCHITECTURES */
    const char *const *architectures; /* n canonical strings                                  */

    /* LATKIT_VIEW_FEATURES: row-major float32, n x feature_count */
    const float *features;
    uint32_t feature_count;
    uint32_t reserved0;
    const char *feature_encoding; /* name of the encoding the features were made with          */

    /* LATKIT_VIEW_OPERATORS, compressed rows: the operators of row i are
       operator_keys[operator_offsets[i] .. operator_offsets[i+1]-1], with their counts. */
    const uint64_t *operator_offsets; /* n + 1 entries                                        */
    const char *const *operator_keys;
    const double *operator_counts;

    /* LATKIT_VIEW_COST: n values each */
    const double *macs;
    const double *params;

    /* LATKIT_VIEW_DEVICE: row-major float32 descriptors, n x device_feature_count, with the
       feature names (e.g. "cores", "memory_gb", "bandwidth_gbps") and one device id per row. */
    const float *device_features;
    uint32_t device_feature_count;
    uint32_t reserved1;
    const char *const *device_feature_names;
    const char *const *device_ids;
    const float *batch_sizes; /* n values */

    /* Training targets (latency in ms, or accuracy), n values; NULL when predicting. */
    const double *targets;

    /* ---- since 1.1 (absent when struct_size <= offsetof(latkit_batch, model_format)) ---- */

    /* LATKIT_VIEW_MODELS: one runnable model per row, as the search space's `export_models` (or,
       for a batch of single operators, `export_operators`) wrote it. The model of row i is
       model_bytes[model_offsets[i] .. model_offsets[i+1]-1]; its input is float32 NCHW with the
       batch dimension left symbolic, so the profiler chooses the batch size. For a batch of
       operators, `architectures` holds the operator keys. */
    const char *model_format;          /* e.g. "onnx" (see latkit_search_space_api.export_models) */
    const uint64_t *model_offsets;     /* n + 1 byte offsets                                       */
    const uint8_t *model_bytes;
    const int64_t *model_input_shapes; /* n x 3, row-major: channels, height, width per row        */
} latkit_batch;

/* ---------------------------------------------------------------------------------------- */
/* Plugin kinds and descriptors                                                              */
/* ---------------------------------------------------------------------------------------- */

typedef enum latkit_kind {
    LATKIT_KIND_SEARCH_SPACE = 1,
    LATKIT_KIND_ESTIMATOR = 2,
    LATKIT_KIND_SEARCH_STRATEGY = 3,
    LATKIT_KIND_ACCURACY_PREDICTOR = 4,
    LATKIT_KIND_PROFILER = 5
} latkit_kind;

/**
 * An extra named function, called by the host through libffi (`latkit call PLUGIN FUNCTION`).
 * `signature` is "<ret>(<arg>,<arg>...)" with one letter per type:
 *   v void (return only)  i int32_t  l int64_t  f float  d double  s const char* (UTF-8)
 * e.g. "d(d,d)" for `double f(double, double)`. Extension functions are never on a hot path.
 * Contract, [serial]: they may be called from any thread, never concurrently with each other; string
 * arguments are valid only during the call; a returned string must stay valid until the next call
 * of any function of the plugin (static or thread-local storage: the host never frees it); they
 * report failure through their return value (document it in `summary`).
 * The array `latkit_descriptor.functions` has `function_count` entries, all of the same
 * `struct_size`, which the host uses as the array's stride (so later minors may append fields).
 */
typedef struct latkit_function {
    uint32_t struct_size; /* sizeof(latkit_function) as compiled by the plugin's author */
    uint32_t reserved;    /* zero */
    const char *name;
    const char *signature;
    void (*function)(void); /* cast to the real type described by `signature` */
    const char *summary;    /* one line, may be NULL */
} latkit_function;

/** One plugin. Static and immutable. */
typedef struct latkit_descriptor {
    latkit_header header;
    uint32_t kind;           /* latkit_kind */
    uint32_t function_count; /* entries in `functions` */
    const char *name;        /* unique among all loaded plugins: [a-z0-9][a-z0-9.-]* */
    const char *version;     /* the plugin's own version, e.g. "1.2.0" */
    const char *summary;     /* one line for `latkit plugins list` */
    const char *options_help; /* "key=default  meaning" lines for create options, may be NULL */
    const void *table;       /* the function table of `kind`, e.g. latkit_estimator_api */
    const latkit_function *functions;
    void *plugin_data;       /* the plugin's own, passed back to `create`; the host never reads it */
} latkit_descriptor;

/** What the host tells a library about itself in `init`. */
typedef struct latkit_host_info {
    latkit_header header;
    const char *host_name;    /* "latkit" */
    const char *host_version; /* e.g. "0.1.0" */
} latkit_host_info;

/** The library: returned by the entry point. */
typedef struct latkit_library {
    latkit_header header;
    uint32_t plugin_count;
    uint32_t reserved;
    const char *name; /* of the library, e.g. "latkit-ofa" */
    const latkit_descriptor *const *plugins;
    /* [once] Optional (may be NULL). Called once before any plugin is used. A library that cannot work
       with this host (too old, missing features) returns LATKIT_ERR_INCOMPATIBLE and a message;
       the host then uses none of its plugins. */
    latkit_status (*init)(const latkit_host_info *host, latkit_error *error);
} latkit_library;

/* [once] The entry point. Out (plugin): the library, static, valid until the process ends. */
typedef const latkit_library *(*latkit_entry_fn)(void);

/*
 * Every table below begins with the same three members, all required (never NULL):
 *   header   as above;
 *   create   [any-thread] makes a handle from `options`: UTF-8 "key=value" lines separated by '\n' (may be
 *            empty, never NULL). An unknown key or bad value is LATKIT_ERR_INVALID_ARGUMENT
 *            naming the key. `descriptor` is the plugin's own descriptor (for plugin_data). On
 *            success *out_handle is set to a non-NULL handle; on failure the host ignores
 *            *out_handle and never calls destroy for it. Out (plugin): *out_handle, owned by the
 *            plugin until `destroy`.
 *   destroy  [per-handle] releases a handle made by create, the last call on it; never fails;
 *            NULL is a no-op.
 *
 * Also for every table: a `latkit_progress *` argument may be NULL (no progress wanted); a
 * `latkit_sink` may be called only from the thread that made the call that received it; every
 * other pointer argument is non-NULL unless its comment says it may be NULL. Calling `fit` again
 * replaces the fitted state; `load` replaces it too.
 */
#define LATKIT_TABLE_BASE                                                                      \
    latkit_header header;                                                                      \
    latkit_status (*create)(const latkit_descriptor *descriptor, const char *options,          \
                            latkit_handle **out_handle, latkit_error *error);                  \
    void (*destroy)(latkit_handle *handle)

/* ---------------------------------------------------------------------------------------- */
/* Search space                                                                             */
/* ---------------------------------------------------------------------------------------- */

/** Parameters for evolutionary variation, as in OFA's evolution finder. */
typedef struct latkit_variation {
    uint32_t struct_size;
    uint32_t reserved;
    double mutation_probability;   /* per gene */
    double resolution_probability; /* for the input resolution (or the space's global genes) */
} latkit_variation;

typedef struct latkit_search_space_api {
    LATKIT_TABLE_BASE;
    /* [per-handle] Facts about the space as "key=value" lines through sink item 0: at least `size_log10`
       (log10 of the number of architectures), `encodings` (comma-separated names, default
       first), `feature_count.<encoding>` for each, `arch_columns` (comma-separated CSV column
       names that hold an architecture, e.g. "ks,e,d,r"). */
    latkit_status (*describe)(latkit_handle *handle, const latkit_sink *out, latkit_error *error);
    /* [per-handle] Parses n architectures and writes each one's canonical form as sink item i. The first
       invalid one fails the call with a message naming its index, the field and allowed values. */
    latkit_status (*canonicalize)(latkit_handle *handle, uint64_t count, const char *const *architectures,
                                  const latkit_sink *out, latkit_error *error);
    /* [per-handle] Builds n architectures from CSV fields: `fields` is row-major count x field_count, in the
       order of the `arch_columns` fact. Canonical strings go to sink items 0..n-1. */
    latkit_status (*from_fields)(latkit_handle *handle, uint64_t count, uint32_t field_count,
                                 const char *const *fields, const latkit_sink *out, latkit_error *error);
    /* [per-handle] n architectures sampled uniformly, sink items 0..n-1; the same seed gives the
       same strings on every machine. */
    latkit_status (*sample)(latkit_handle *handle, uint64_t seed, uint64_t count, const latkit_sink *out,
                            latkit_error *error);
    /* [per-handle] One mutant of each parent, sink item i for parent i. */
    latkit_status (*mutate)(latkit_handle *handle, uint64_t seed, const latkit_variation *variation /* never NULL */,
                            uint64_t count, const char *const *parents, const latkit_sink *out,
                            latkit_error *error);
    /* [per-handle] One child of each pair (first[i], second[i]) by uniform crossover, sink item i. */
    latkit_status (*crossover)(latkit_handle *handle, uint64_t seed, uint64_t count, const char *const *first,
                               const char *const *second, const latkit_sink *out, latkit_error *error);
    /* [per-handle] Encodes n architectures with the named encoding (NULL = default).
       Out (host): `features`, a row-major float32 matrix of count x feature_count values;
       feature_count must match the `feature_count.<encoding>` fact. */
    latkit_status (*encode)(latkit_handle *handle, const char *encoding, uint64_t count,
                            const char *const *architectures, float *features, uint32_t feature_count,
                            latkit_error *error);
    /* [per-handle] The operators of each architecture: for architecture i, one sink item per distinct operator
       with index i, `data` the operator key (e.g. the OFA lookup-table key), `value` its count. */
    latkit_status (*operators)(latkit_handle *handle, uint64_t count, const char *const *architectures,
                               const latkit_sink *out, latkit_error *error);
    /* [per-handle] Multiply-accumulates and parameters of each architecture.
       Out (host): `macs` and `params`, n doubles each. */
    latkit_status (*cost)(latkit_handle *handle, uint64_t count, const char *const *architectures,
                          double *macs, double *params, latkit_error *error);

    /* ---- since 1.1: runnable models, for profilers. All three are optional (NULL, or absent in
       a 1.0 table); a space that has them states the `export_formats` fact (e.g. "onnx"). ---- */

    /* [per-handle] Writes a runnable model of each architecture as sink item i (any number of put
       calls per item, appended in order). Out (host): `input_shapes`, count x 3 int64 (channels,
       height, width). Format "onnx": a serialized ONNX ModelProto (opset >= 13)
       with one float32 NCHW input named "input" whose first dimension is symbolic (the batch) and
       one output named "output"; weights may be pseudo-random but are deterministic. An unknown
       format is LATKIT_ERR_UNSUPPORTED; an invalid architecture fails the call naming its index. */
    latkit_status (*export_models)(latkit_handle *handle, const char *format, uint64_t count,
                                   const char *const *architectures, int64_t *input_shapes,
                                   const latkit_sink *out, latkit_error *error);
    /* [per-handle] The same for single operators, keyed exactly as `operators` writes them (so a profiler's
       timing of a key can fill a lookup table that the `lut` estimator reads). An unknown key
       fails the call naming it. */
    latkit_status (*export_operators)(latkit_handle *handle, const char *format, uint64_t count,
                                      const char *const *operator_keys, int64_t *input_shapes,
                                      const latkit_sink *out, latkit_error *error);
    /* [per-handle] Every distinct operator key the space can produce within `scope`, one sink item 0 put per
       key (value 0), in a stable order. `scope` holds "key=value" lines narrowing the set (the
       space lists the keys it understands in the `operator_scope` fact, e.g. "resolution");
       empty means the whole space. An unknown scope key is LATKIT_ERR_INVALID_ARGUMENT. */
    latkit_status (*list_operators)(latkit_handle *handle, const char *scope, const latkit_sink *out,
                                    latkit_error *error);
} latkit_search_space_api;

/* ---------------------------------------------------------------------------------------- */
/* Latency estimator                                                                        */
/* ---------------------------------------------------------------------------------------- */

/** Capability bits of an estimator or accuracy predictor. */
enum {
    LATKIT_CAN_FIT = 1u << 0,       /* fit() learns from targets                              */
    LATKIT_CAN_ADAPT = 1u << 1,     /* adapt() refines a fitted model with a few target rows   */
    LATKIT_HAS_STD = 1u << 2,       /* predict() fills the std array                          */
    LATKIT_CAN_SAVE = 1u << 3       /* save()/load() round-trip the state                     */
};

typedef struct latkit_estimator_api {
    LATKIT_TABLE_BASE;
    uint32_t views;        /* LATKIT_VIEW_* bits this estimator needs in its batches */
    uint32_t capabilities; /* LATKIT_CAN_* / LATKIT_HAS_* bits */
    const char *feature_encoding; /* with LATKIT_VIEW_FEATURES: encoding wanted, NULL = default */
    /* [per-handle] Learns from `train` (targets set). `validation` (targets set) may be NULL; the estimator may
       use it for early stopping or model selection. Same seed, same model on the same machine. */
    latkit_status (*fit)(latkit_handle *handle, const latkit_batch *train, const latkit_batch *validation,
                         uint64_t seed, const latkit_progress *progress, latkit_error *error);
    /* [per-handle] Second stage: adapts a fitted (or loaded) model to a target device with a few rows
       (fine-tuning). Optional: NULL or LATKIT_ERR_UNSUPPORTED without LATKIT_CAN_ADAPT. */
    latkit_status (*adapt)(latkit_handle *handle, const latkit_batch *shots, uint64_t seed,
                           const latkit_progress *progress, latkit_error *error);
    /* [per-handle] Predicts n latencies in ms (an accuracy predictor: top-1 fractions).
       Out (host): `mean`, n doubles; `std`, n doubles, NULL unless the estimator has
       LATKIT_HAS_STD, in which case it writes one standard deviation per row. The host fills both
       with a NaN sentinel first and refuses a row left unwritten, a latency that is not finite
       and above 0, and a std that is not finite and at least 0. */
    latkit_status (*predict)(latkit_handle *handle, const latkit_batch *batch, double *mean, double *std,
                             latkit_error *error);
    /* [per-handle] Writes the fitted state as bytes through sink item 0 (any number of put calls, appended in
       order). The host stores them in a model file with a header it owns. */
    latkit_status (*save)(latkit_handle *handle, const latkit_sink *out, latkit_error *error);
    /* [per-handle] Restores a state written by `save` (possibly of an older plugin version);
       `bytes` is the host's, valid only during the call. */
    latkit_status (*load)(latkit_handle *handle, const uint8_t *bytes, uint64_t length, latkit_error *error);
} latkit_estimator_api;

/* ---------------------------------------------------------------------------------------- */
/* Accuracy predictor: same shape as an estimator, predicting top-1 accuracy (fraction).     */
/* ---------------------------------------------------------------------------------------- */

typedef latkit_estimator_api latkit_accuracy_predictor_api;

/* ---------------------------------------------------------------------------------------- */
/* Search strategy                                                                          */
/* ---------------------------------------------------------------------------------------- */

/** Direction of one objective. */
enum { LATKIT_MINIMIZE = 0, LATKIT_MAXIMIZE = 1 };

/**
 * What the host offers a running strategy. The space operations forward to the search-space
 * plugin; `evaluate` runs the whole pipeline (estimator, accuracy predictor, constraints) on a
 * batch. All functions are valid only during `run`, on the calling thread.
 * `evaluate` counts every architecture against `run`'s `max_evaluations`; a call that would pass
 * it is refused (LATKIT_ERR_INVALID_ARGUMENT) without evaluating anything. A function that fails
 * writes its message into the strategy's `error`; the strategy then returns that status from
 * `run` (passes it on) instead of carrying on. `sample`, `mutate` and `crossover` write their
 * architectures through the strategy's own sink, items 0..count-1.
 */
typedef struct latkit_search_context {
    uint32_t struct_size;
    uint32_t objective_count;       /* columns of the objective matrix                          */
    const char *const *objective_names; /* e.g. "accuracy", "latency_ms"                         */
    const uint32_t *directions;     /* LATKIT_MINIMIZE / LATKIT_MAXIMIZE per objective           */
    void *context;
    /* [during-call] (of `run`) As the search space's `sample`, `mutate` and `crossover`, into the
       strategy's own sink. */
    latkit_status (*sample)(void *context, uint64_t seed, uint64_t count, const latkit_sink *out,
                            latkit_error *error);
    latkit_status (*mutate)(void *context, uint64_t seed, const latkit_variation *variation, uint64_t count,
                            const char *const *parents, const latkit_sink *out, latkit_error *error);
    latkit_status (*crossover)(void *context, uint64_t seed, uint64_t count, const char *const *first,
                               const char *const *second, const latkit_sink *out, latkit_error *error);
    /* [during-call] (of `run`) Evaluates a batch of canonical architectures. One call per
       generation. Out (strategy): `objectives` (count x objective_count doubles, row-major) and
       `feasible` (count bytes, 1 when every constraint holds), arrays the strategy allocated and
       the host fills. */
    latkit_status (*evaluate)(void *context, uint64_t count, const char *const *architectures,
                              double *objectives, uint8_t *feasible, latkit_error *error);
    const latkit_progress *progress;
} latkit_search_context;

typedef struct latkit_search_strategy_api {
    LATKIT_TABLE_BASE;
    /* [per-handle] Runs a search within `max_evaluations` architecture evaluations. Writes the result
       (best architecture first, or the Pareto front) as canonical strings, sink items 0..k-1. */
    latkit_status (*run)(latkit_handle *handle, const latkit_search_context *context, uint64_t seed,
                         uint64_t max_evaluations, const latkit_sink *out, latkit_error *error);
} latkit_search_strategy_api;

/* ---------------------------------------------------------------------------------------- */
/* Profiler: measures real latency                                                          */
/* ---------------------------------------------------------------------------------------- */

/** How to measure. Zero in a field means "the profiler's default". */
typedef struct latkit_measure_options {
    uint32_t struct_size;
    uint32_t warmup_runs;
    uint32_t timed_runs;
    uint32_t batch_size;
    uint32_t threads;
    uint32_t reserved;
} latkit_measure_options;

/** One measurement, written by the profiler into a host-owned array (stride `record_size`). */
typedef struct latkit_measurement {
    double mean_ms;
    double std_ms;
    double min_ms;
    double median_ms;
    double machine_load; /* fraction of other cores busy during the measurement, or -1 */
    uint32_t runs;
    latkit_status status; /* LATKIT_OK, or the status of this architecture's failure */
} latkit_measurement;

typedef struct latkit_profiler_api {
    LATKIT_TABLE_BASE;
    uint32_t views; /* usually LATKIT_VIEW_ARCHITECTURES */
    uint32_t reserved;
    /* [per-handle] The measured device as "key=value" lines (name, cores, memory_gb, ...) through sink item 0. */
    latkit_status (*describe_device)(latkit_handle *handle, const latkit_sink *out, latkit_error *error);
    /* [per-handle] Measures n architectures (whole networks). Out (host): `records`, n records
       of `record_size` bytes (the host's sizeof(latkit_measurement)). A failure of one architecture is recorded
       in its `status`; the call itself fails only when nothing can be measured.
       Since 1.1, a profiler that asks for LATKIT_VIEW_MODELS gets the rows' runnable models and
       measures those; the host uses the same call for single operators (a batch of operator
       models, `architectures` holding their keys) when it builds a lookup table. */
    latkit_status (*measure)(latkit_handle *handle, const latkit_batch *batch, const latkit_measure_options *options,
                             latkit_measurement *records, uint32_t record_size, const latkit_progress *progress,
                             latkit_error *error);
    /* [per-handle] Measures single operators (lookup-table building): keys as produced by the
       space's `operators`. Out (host): `records`, n records as in `measure`. Optional: NULL or LATKIT_ERR_UNSUPPORTED. */
    latkit_status (*measure_operators)(latkit_handle *handle, uint64_t count, const char *const *operator_keys,
                                       const latkit_measure_options *options, latkit_measurement *records,
                                       uint32_t record_size, const latkit_progress *progress, latkit_error *error);
} latkit_profiler_api;

#ifdef __cplusplus
}
#endif

#endif /* LATKIT_PLUGIN_H */
