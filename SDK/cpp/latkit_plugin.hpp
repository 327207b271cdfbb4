/*
 * latkit_plugin.hpp -- a header-only C++17 helper for writing LatencyKit plugins.
 *
 * It sits on top of the C ABI in `latkit_plugin.h` (which stays the whole contract: nothing C++
 * crosses it) and lets an author write an estimator as an ordinary C++ class:
 *
 *     class MyEstimator : public latkit::Estimator {
 *     public:
 *         explicit MyEstimator(latkit::Options &options);   // read options; unknown keys refused
 *         void fit(const latkit::Batch &train, const latkit::Batch *validation, std::uint64_t seed,
 *                  const latkit::Progress &progress) override;
 *         void predict(const latkit::Batch &batch, latkit::Span<double> mean, latkit::Span<double> std) override;
 *         std::vector<std::uint8_t> save() const override;
 *         void load(latkit::Span<const std::uint8_t> bytes) override;
 *     };
 *     static const latkit_estimator_api table =
 *         latkit::estimator_table<MyEstimator>(LATKIT_VIEW_COST, LATKIT_CAN_FIT | LATKIT_CAN_SAVE);
 *
 * Exceptions never cross the boundary. Every function the helper puts into a table runs the
 * author's code inside `latkit::guarded`, which catches everything:
 *   - `latkit::Error` (thrown by the author or the helper) becomes its own status and message;
 *   - `std::bad_alloc` becomes LATKIT_ERR_INTERNAL, "out of memory";
 *   - any other `std::exception` becomes LATKIT_ERR_INTERNAL, "uncaught C++ exception: <what()>";
 *   - anything else (`throw 42;`) becomes LATKIT_ERR_INTERNAL with a message saying so.
 * Messages are written into the caller-owned `latkit_error` buffer as one line (line breaks become
 * spaces), truncated to its capacity at a UTF-8 character boundary and always NUL-terminated;
 * writing a message never allocates, so it works even when memory has run out.
 *
 * Build a plugin with any C++17 compiler:
 *     c++ -std=c++17 -shared -fPIC -O2 -I SDK/include -I SDK/cpp my_estimator.cpp -o liblatkit_mine.so
 * The example is SDK/examples/cpp_estimator/linear_cost_estimator.cpp.
 */
#ifndef LATKIT_PLUGIN_HPP
#define LATKIT_PLUGIN_HPP

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "latkit_plugin.h"

namespace latkit {

/** An error a plugin reports to the host: a `LATKIT_ERR_*` status and a one-line message. */
class Error : public std::exception {
public:
    /** An error with a raw status (never LATKIT_OK) and its message. */
    Error(latkit_status status, std::string message) : status_(status), message_(std::move(message)) {}

    /** The `LATKIT_ERR_*` status the call returns. */
    latkit_status status() const noexcept { return status_; }
    /** The message written into the host's error buffer. */
    const char *what() const noexcept override { return message_.c_str(); }

    /** Bad input: a malformed architecture, an unknown option, a missing view. */
    static Error invalid(std::string message) { return Error(LATKIT_ERR_INVALID_ARGUMENT, std::move(message)); }
    /** A call this plugin does not implement. */
    static Error unsupported(std::string message) { return Error(LATKIT_ERR_UNSUPPORTED, std::move(message)); }
    /** A call in the wrong order, e.g. predict before fit. */
    static Error state(std::string message) { return Error(LATKIT_ERR_STATE, std::move(message)); }
    /** A progress callback asked the plugin to stop. */
    static Error cancelled() { return Error(LATKIT_ERR_CANCELLED, "cancelled"); }
    /** Reading or writing outside data failed. */
    static Error io(std::string message) { return Error(LATKIT_ERR_IO, std::move(message)); }
    /** Saved state or versions this plugin cannot accept. */
    static Error incompatible(std::string message) { return Error(LATKIT_ERR_INCOMPATIBLE, std::move(message)); }
    /** A bug or an exhausted resource inside the plugin. */
    static Error internal(std::string message) { return Error(LATKIT_ERR_INTERNAL, std::move(message)); }

private:
    latkit_status status_;
    std::string message_;
};

/**
 * Writes `first` then `second` (either may be NULL) into a caller-owned error buffer: one line,
 * at most `capacity - 1` bytes cut at a UTF-8 character boundary, then a NUL. Never allocates,
 * never throws; a NULL `error`, NULL buffer or zero capacity writes nothing.
 */
inline void write_message(latkit_error *error, const char *first, const char *second = nullptr) noexcept {
    if (error == nullptr || error->message == nullptr || error->capacity == 0) return;
    const std::size_t limit = error->capacity - 1;
    std::size_t length = 0;
    for (const char *part : {first, second}) {
        if (part == nullptr) continue;
        std::size_t available = std::strlen(part);
        std::size_t take = available;
        if (length + take > limit) {
            take = limit - length;
            // Never end inside a multi-byte character: back off while the first byte left out
            // continues a character (10xxxxxx) that started within what we would keep.
            while (take > 0 && (static_cast<unsigned char>(part[take]) & 0xC0) == 0x80) --take;
        }
        for (std::size_t i = 0; i < take; ++i) {
            char c = part[i];
            error->message[length++] = (c == '\n' || c == '\r') ? ' ' : c;
        }
        if (take < available) break;
    }
    error->message[length] = '\0';
}

/**
 * Runs `body` and turns whatever it throws into a status and a message in `error` (see the top
 * of this file); returns LATKIT_OK when it returns normally. Every table function the helper
 * makes goes through it; use it yourself in any other function you hand to the host.
 */
template <class Body>
latkit_status guarded(latkit_error *error, Body &&body) noexcept {
    try {
        body();
        return LATKIT_OK;
    } catch (const Error &failure) {
        write_message(error, failure.what());
        return failure.status() == LATKIT_OK ? static_cast<latkit_status>(LATKIT_ERR_INTERNAL) : failure.status();
    } catch (const std::bad_alloc &) {
        write_message(error, "out of memory");
        return LATKIT_ERR_INTERNAL;
    } catch (const std::exception &failure) {
        write_message(error, "uncaught C++ exception: ", failure.what());
        return LATKIT_ERR_INTERNAL;
    } catch (...) {
        write_message(error, "uncaught C++ exception of a type not derived from std::exception");
        return LATKIT_ERR_INTERNAL;
    }
}

/** A pointer and a length: a view of host-owned memory, valid only during the call. */
template <class T>
class Span {
public:
    constexpr Span() noexcept = default;
    constexpr Span(T *data, std::size_t size) noexcept : data_(data), size_(data ? size : 0) {}

    constexpr T *data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr T *begin() const noexcept { return data_; }
    constexpr T *end() const noexcept { return data_ + size_; }
    /** Element `i`; no bounds check (as `std::span`). */
    constexpr T &operator[](std::size_t i) const noexcept { return data_[i]; }

private:
    T *data_ = nullptr;
    std::size_t size_ = 0;
};

/**
 * The `key=value` options the host passes to `create`. Each accessor marks its key as known;
 * the helper calls `finish()` after the constructor, which refuses any key no accessor asked
 * for, so a misspelt `--set lerning_rate=0.1` is an error rather than silently ignored.
 */
class Options {
public:
    /** Parses `key=value` lines separated by '\n'; blank lines are skipped. */
    explicit Options(const char *text) {
        std::string all = text ? text : "";
        std::size_t start = 0;
        while (start <= all.size()) {
            std::size_t end = all.find('\n', start);
            if (end == std::string::npos) end = all.size();
            std::string line = trim(all.substr(start, end - start));
            start = end + 1;
            if (line.empty()) continue;
            std::size_t equals = line.find('=');
            if (equals == std::string::npos) throw Error::invalid("option '" + line + "' is not key=value");
            std::string key = trim(line.substr(0, equals));
            if (find(key) != nullptr) throw Error::invalid("option '" + key + "' given twice");
            entries_.emplace_back(key, trim(line.substr(equals + 1)));
        }
    }

    /** The raw text of `key`, or `fallback` when absent. */
    std::string string(const std::string &key, const std::string &fallback) {
        known_.push_back(key);
        const std::string *value = find(key);
        return value ? *value : fallback;
    }

    /** `key` as one of `allowed`. */
    std::string choice(const std::string &key, const std::string &fallback, std::initializer_list<const char *> allowed) {
        std::string value = string(key, fallback);
        std::string list;
        for (const char *option : allowed) {
            if (value == option) return value;
            list += (list.empty() ? "" : ", ") + std::string(option);
        }
        throw Error::invalid("option " + key + "=" + value + " is not one of " + list);
    }

    /** `key` as a finite number within [minimum, maximum]. */
    double number(const std::string &key, double fallback, double minimum = -1e308, double maximum = 1e308) {
        known_.push_back(key);
        const std::string *text = find(key);
        if (text == nullptr) return fallback;
        char *end = nullptr;
        double value = std::strtod(text->c_str(), &end);
        if (text->empty() || *end != '\0' || !(value >= minimum && value <= maximum)) {
            throw Error::invalid("option " + key + "=" + *text + " must be a number in " + std::to_string(minimum) + "..." +
                                 std::to_string(maximum));
        }
        return value;
    }

    /** `key` as an integer within [minimum, maximum]. */
    long long integer(const std::string &key, long long fallback, long long minimum = -(1LL << 62),
                      long long maximum = 1LL << 62) {
        known_.push_back(key);
        const std::string *text = find(key);
        if (text == nullptr) return fallback;
        char *end = nullptr;
        long long value = std::strtoll(text->c_str(), &end, 10);
        if (text->empty() || *end != '\0' || value < minimum || value > maximum) {
            throw Error::invalid("option " + key + "=" + *text + " must be an integer in " + std::to_string(minimum) + "..." +
                                 std::to_string(maximum));
        }
        return value;
    }

    /** `key` as a boolean (true/false, yes/no, 1/0). */
    bool boolean(const std::string &key, bool fallback) {
        known_.push_back(key);
        const std::string *text = find(key);
        if (text == nullptr) return fallback;
        if (*text == "true" || *text == "yes" || *text == "1") return true;
        if (*text == "false" || *text == "no" || *text == "0") return false;
        throw Error::invalid("option " + key + "=" + *text + " must be true or false");
    }

    /** Fails on the first option that no accessor asked for, naming it and the known keys. */
    void finish() const {
        for (const auto &entry : entries_) {
            bool known = false;
            for (const auto &key : known_) known = known || key == entry.first;
            if (known) continue;
            std::string list;
            for (const auto &key : known_) list += (list.empty() ? "" : ", ") + key;
            throw Error::invalid("unknown option '" + entry.first + "'" +
                                 (list.empty() ? " (this plugin takes none)" : " (known: " + list + ")"));
        }
    }

private:
    static std::string trim(const std::string &text) {
        std::size_t first = text.find_first_not_of(" \t\r");
        if (first == std::string::npos) return "";
        return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
    }
    const std::string *find(const std::string &key) const {
        for (const auto &entry : entries_)
            if (entry.first == key) return &entry.second;
        return nullptr;
    }

    std::vector<std::pair<std::string, std::string>> entries_;
    std::vector<std::string> known_;
};

/**
 * The views of a batch of architectures, as the host prepared them (`latkit_batch`). Accessors
 * throw `Error::invalid` when the host did not provide a view the plugin asks for. Everything
 * points into host memory and is valid only during the call that received the batch.
 */
class Batch {
public:
    /** sizeof(latkit_batch) in ABI 1.0: every field read here exists since 1.0. */
    static constexpr std::uint32_t version1_size = 144;

    /** Wraps the host's batch; refuses NULL and a struct smaller than ABI 1.0's. */
    explicit Batch(const latkit_batch *batch) : batch_(batch) {
        if (batch == nullptr) throw Error::invalid("no batch given");
        if (batch->struct_size < version1_size) {
            throw Error::incompatible("batch struct is " + std::to_string(batch->struct_size) + " bytes, ABI 1.0 needs " +
                                      std::to_string(version1_size));
        }
    }

    /** Number of rows. */
    std::size_t count() const noexcept { return static_cast<std::size_t>(batch_->count); }
    /** `LATKIT_VIEW_*` bits present. */
    std::uint32_t views() const noexcept { return batch_->views; }
    /** Whether every bit of `view` is present. */
    bool has(std::uint32_t view) const noexcept { return (batch_->views & view) == view; }
    /** Name of the search space the rows belong to ("" when the host gave none). */
    const char *search_space() const noexcept { return batch_->search_space ? batch_->search_space : ""; }

    /** The canonical architecture string of `row` (`LATKIT_VIEW_ARCHITECTURES`). */
    const char *architecture(std::size_t row) const {
        require(LATKIT_VIEW_ARCHITECTURES, "architectures");
        if (row >= count()) throw Error::invalid("row " + std::to_string(row) + " is outside the batch of " + std::to_string(count()));
        const char *const *all = array(batch_->architectures, count(), "architectures").data();
        if (all[row] == nullptr) throw Error::invalid("architecture " + std::to_string(row) + " is NULL");
        return all[row];
    }

    /** Row-major float32 features, count() x feature_count() (`LATKIT_VIEW_FEATURES`). */
    Span<const float> features() const {
        require(LATKIT_VIEW_FEATURES, "features");
        return array(batch_->features, count() * batch_->feature_count, "features");
    }
    /** Columns of the feature matrix. */
    std::size_t feature_count() const noexcept { return batch_->feature_count; }

    /** Multiply-accumulates per row (`LATKIT_VIEW_COST`). */
    Span<const double> macs() const {
        require(LATKIT_VIEW_COST, "cost");
        return array(batch_->macs, count(), "macs");
    }
    /** Parameters per row (`LATKIT_VIEW_COST`). */
    Span<const double> params() const {
        require(LATKIT_VIEW_COST, "cost");
        return array(batch_->params, count(), "params");
    }
    /** Batch size per row (`LATKIT_VIEW_DEVICE`). */
    Span<const float> batch_sizes() const {
        require(LATKIT_VIEW_DEVICE, "device");
        return array(batch_->batch_sizes, count(), "batch sizes");
    }

    /** Whether the batch carries training targets. */
    bool has_targets() const noexcept { return batch_->targets != nullptr; }
    /** Training targets, one per row; an error when the batch carries none (prediction). */
    Span<const double> targets() const {
        if (batch_->targets == nullptr) throw Error::invalid("the training batch carries no targets");
        return Span<const double>(batch_->targets, count());
    }

    /** The C struct itself, for views this class does not wrap (check `struct_size` for 1.1 fields). */
    const latkit_batch &raw() const noexcept { return *batch_; }

private:
    void require(std::uint32_t view, const char *name) const {
        if (!has(view)) throw Error::invalid(std::string("the batch lacks the '") + name + "' view this plugin declared it needs");
    }
    template <class T>
    static Span<const T> array(const T *pointer, std::size_t size, const char *name) {
        if (pointer == nullptr && size > 0) {
            throw Error::invalid(std::string("the batch's ") + name + " array is NULL for " + std::to_string(size) + " values");
        }
        return Span<const T>(pointer, size);
    }

    const latkit_batch *batch_;
};

/** Writes items to a host-owned `latkit_sink`; the host copies each item before `put` returns. */
class Sink {
public:
    /** Wraps the host's sink; refuses NULL. */
    explicit Sink(const latkit_sink *sink) : sink_(sink) {
        if (sink == nullptr || sink->put == nullptr) throw Error::invalid("no output sink given");
    }

    /** Appends `length` bytes to output `index`; a refusal by the host throws its status on. */
    void put(std::uint64_t index, const void *data, std::size_t length, double value = 0) const {
        latkit_status status = sink_->put(sink_->context, index, static_cast<const char *>(data), length, value);
        if (status != LATKIT_OK) {
            throw Error(status, "the host refused output " + std::to_string(index) + " (status " + std::to_string(status) + ")");
        }
    }
    /** Appends UTF-8 text to output `index`. */
    void put(std::uint64_t index, const std::string &text, double value = 0) const { put(index, text.data(), text.size(), value); }

private:
    const latkit_sink *sink_;
};

/** Reports progress of a long call, and learns whether the host asked to stop. */
class Progress {
public:
    /** Wraps the host's progress, which may be NULL (no progress wanted). */
    explicit Progress(const latkit_progress *progress) noexcept : progress_(progress) {}

    /** Reports `fraction` in [0, 1] (negative: unknown); returns false when the host asks to stop. */
    bool report(double fraction, const char *message = nullptr) const noexcept {
        if (progress_ == nullptr || progress_->report == nullptr) return true;
        return progress_->report(progress_->context, fraction, message) == 0;
    }
    /** Reports, and throws `Error::cancelled()` when the host asks to stop. */
    void check(double fraction, const char *message = nullptr) const {
        if (!report(fraction, message)) throw Error::cancelled();
    }

private:
    const latkit_progress *progress_;
};

/**
 * Base class of a latency estimator (or accuracy predictor). Derive from it, give the class a
 * constructor taking `latkit::Options &`, and export it with `estimator_table<YourClass>`. One
 * instance lives behind each handle; the host never calls two methods of one instance at once.
 * Throw `latkit::Error` to fail a call with a status; any other exception becomes
 * LATKIT_ERR_INTERNAL.
 */
class Estimator {
public:
    virtual ~Estimator() = default;

    /** Learns from `train` (targets set); `validation` may be NULL. Same seed, same model. */
    virtual void fit(const Batch &train, const Batch *validation, std::uint64_t seed, const Progress &progress) = 0;

    /** Refines a fitted model with a few rows of a new device. Default: unsupported. */
    virtual void adapt(const Batch &shots, std::uint64_t seed, const Progress &progress) {
        (void)shots;
        (void)seed;
        (void)progress;
        throw Error::unsupported("this estimator cannot adapt to a new device");
    }

    /**
     * Writes one prediction per row into `mean`, and one standard deviation per row into `std`
     * when the host asked for it (LATKIT_HAS_STD); otherwise `std` is empty.
     */
    virtual void predict(const Batch &batch, Span<double> mean, Span<double> std) = 0;

    /** The fitted state as bytes that `load` reads back. Default: unsupported. */
    virtual std::vector<std::uint8_t> save() const { throw Error::unsupported("this estimator cannot save its state"); }

    /** Restores a state written by `save`. Default: unsupported. */
    virtual void load(Span<const std::uint8_t> bytes) {
        (void)bytes;
        throw Error::unsupported("this estimator cannot load a state");
    }
};

/** A `latkit_header` for a struct of `size` bytes, of the ABI version this header declares. */
constexpr latkit_header abi_header(std::size_t size) noexcept {
    return latkit_header{static_cast<std::uint32_t>(size), LATKIT_ABI_VERSION_MAJOR, LATKIT_ABI_VERSION_MINOR};
}

namespace detail {

/** The C functions of an estimator table, each forwarding to `T` inside `guarded`. */
template <class T>
struct EstimatorThunks {
    static_assert(std::is_base_of<Estimator, T>::value, "an exported estimator derives from latkit::Estimator");
    static_assert(std::is_constructible<T, Options &>::value, "an exported estimator has a constructor taking latkit::Options &");

    static T &instance(latkit_handle *handle) {
        if (handle == nullptr) throw Error::invalid("no handle given");
        return *reinterpret_cast<T *>(handle);
    }

    static latkit_status create(const latkit_descriptor *, const char *options, latkit_handle **out,
                                latkit_error *error) noexcept {
        return guarded(error, [&] {
            if (out == nullptr) throw Error::invalid("no handle output given");
            Options parsed(options);
            std::unique_ptr<T> made(new T(parsed));
            parsed.finish();
            *out = reinterpret_cast<latkit_handle *>(made.release());
        });
    }

    static void destroy(latkit_handle *handle) noexcept {
        // destroy never fails: a throwing destructor is swallowed rather than crossing the ABI.
        try {
            delete reinterpret_cast<T *>(handle);
        } catch (...) {
        }
    }

    static latkit_status fit(latkit_handle *handle, const latkit_batch *train, const latkit_batch *validation,
                             std::uint64_t seed, const latkit_progress *progress, latkit_error *error) noexcept {
        return guarded(error, [&] {
            T &self = instance(handle);
            Batch training(train);
            if (validation != nullptr) {
                Batch checking(validation);
                self.fit(training, &checking, seed, Progress(progress));
            } else {
                self.fit(training, nullptr, seed, Progress(progress));
            }
        });
    }

    static latkit_status adapt(latkit_handle *handle, const latkit_batch *shots, std::uint64_t seed,
                               const latkit_progress *progress, latkit_error *error) noexcept {
        return guarded(error, [&] { instance(handle).adapt(Batch(shots), seed, Progress(progress)); });
    }

    static latkit_status predict(latkit_handle *handle, const latkit_batch *batch, double *mean, double *std,
                                 latkit_error *error) noexcept {
        return guarded(error, [&] {
            T &self = instance(handle);
            Batch view(batch);
            if (view.count() > 0 && mean == nullptr) throw Error::invalid("no output buffer for predictions");
            self.predict(view, Span<double>(mean, view.count()), Span<double>(std, view.count()));
        });
    }

    static latkit_status save(latkit_handle *handle, const latkit_sink *out, latkit_error *error) noexcept {
        return guarded(error, [&] {
            T &self = instance(handle);
            Sink sink(out);
            std::vector<std::uint8_t> bytes = self.save();
            sink.put(0, bytes.data(), bytes.size());
        });
    }

    static latkit_status load(latkit_handle *handle, const std::uint8_t *bytes, std::uint64_t length,
                              latkit_error *error) noexcept {
        return guarded(error, [&] {
            T &self = instance(handle);
            if (bytes == nullptr && length > 0) throw Error::invalid("no state bytes given");
            self.load(Span<const std::uint8_t>(bytes, static_cast<std::size_t>(length)));
        });
    }
};

}  // namespace detail

/**
 * The function table of estimator class `T`: every entry catches all exceptions. `views` are the
 * `LATKIT_VIEW_*` bits it needs, `capabilities` its `LATKIT_CAN_*` / `LATKIT_HAS_*` bits, and
 * `feature_encoding` (with LATKIT_VIEW_FEATURES) the encoding it wants, NULL for the default.
 * `adapt` is in the table only with LATKIT_CAN_ADAPT. Keep the result in a static.
 */
template <class T>
constexpr latkit_estimator_api estimator_table(std::uint32_t views, std::uint32_t capabilities,
                                               const char *feature_encoding = nullptr) noexcept {
    latkit_estimator_api table{};
    table.header = abi_header(sizeof(latkit_estimator_api));
    table.create = &detail::EstimatorThunks<T>::create;
    table.destroy = &detail::EstimatorThunks<T>::destroy;
    table.views = views;
    table.capabilities = capabilities;
    table.feature_encoding = feature_encoding;
    table.fit = &detail::EstimatorThunks<T>::fit;
    table.adapt = (capabilities & LATKIT_CAN_ADAPT) ? &detail::EstimatorThunks<T>::adapt : nullptr;
    table.predict = &detail::EstimatorThunks<T>::predict;
    table.save = &detail::EstimatorThunks<T>::save;
    table.load = &detail::EstimatorThunks<T>::load;
    return table;
}

/**
 * A descriptor for one estimator (`kind` LATKIT_KIND_ESTIMATOR, or LATKIT_KIND_ACCURACY_PREDICTOR
 * for the same table predicting accuracy). Strings and arrays must be static.
 */
constexpr latkit_descriptor estimator_descriptor(const char *name, const char *version, const char *summary,
                                                 const char *options_help, const latkit_estimator_api *table,
                                                 const latkit_function *functions = nullptr,
                                                 std::uint32_t function_count = 0,
                                                 std::uint32_t kind = LATKIT_KIND_ESTIMATOR) noexcept {
    latkit_descriptor descriptor{};
    descriptor.header = abi_header(sizeof(latkit_descriptor));
    descriptor.kind = kind;
    descriptor.function_count = functions ? function_count : 0;
    descriptor.name = name;
    descriptor.version = version;
    descriptor.summary = summary;
    descriptor.options_help = options_help;
    descriptor.table = table;
    descriptor.functions = functions;
    descriptor.plugin_data = nullptr;
    return descriptor;
}

/**
 * An extension function entry (`latkit call PLUGIN NAME ...`). `signature` spells the C type of
 * `function` (see latkit_function in the header). The function is called from C: declare it
 * `noexcept` (or catch inside) and report failures through its return value.
 */
template <class Result, class... Arguments>
latkit_function extension_function(const char *name, const char *signature, Result (*function)(Arguments...),
                                   const char *summary) noexcept {
    return latkit_function{sizeof(latkit_function), 0, name, signature, reinterpret_cast<void (*)(void)>(function), summary};
}

/** The library the entry point returns, listing `plugins` (static descriptors). */
template <std::size_t Count>
constexpr latkit_library library(const char *name, const latkit_descriptor *const (&plugins)[Count],
                                 latkit_status (*init)(const latkit_host_info *, latkit_error *) = nullptr) noexcept {
    latkit_library library{};
    library.header = abi_header(sizeof(latkit_library));
    library.plugin_count = static_cast<std::uint32_t>(Count);
    library.name = name;
    library.plugins = plugins;
    library.init = init;
    return library;
}

}  // namespace latkit

/**
 * Defines the exported entry point, `latkit_plugin_entry`, returning `LIBRARY` (a static
 * `latkit_library`). Use it once per shared library, at namespace scope.
 */
#define LATKIT_CPP_EXPORT_LIBRARY(LIBRARY) \
    extern "C" LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return &(LIBRARY); }

#endif /* LATKIT_PLUGIN_HPP */
