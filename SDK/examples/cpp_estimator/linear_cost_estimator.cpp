/*
 * linear_cost_estimator.cpp -- the C example's estimator, written as a C++ class.
 *
 * Plugin "example-cpp-linear": latency = a + b * MACs, fitted by least squares on the COST view,
 * exactly as SDK/examples/c_estimator/linear_cost_estimator.c does. The helper in
 * SDK/cpp/latkit_plugin.hpp makes the C tables, parses options and turns every exception into a
 * status and a message, so no C++ exception ever crosses the ABI.
 *
 * The option `fault` exists to show that: `fault=exception` makes predict throw a
 * std::runtime_error, `fault=non-std` throws an int, `fault=long-message` throws a std::exception
 * whose 4,000-byte message the helper truncates to the host's buffer. Each arrives in the host as
 * an error (LATKIT_ERR_INTERNAL with the message), never as a crash.
 *
 * Build outside SwiftPM:
 *     c++ -std=c++17 -shared -fPIC -O2 -I SDK/include -I SDK/cpp \
 *         SDK/examples/cpp_estimator/linear_cost_estimator.cpp -o liblatkit_example_cpp.so
 * Check:
 *     latkit plugins check ./liblatkit_example_cpp.so
 */
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "latkit_plugin.hpp"

namespace {

constexpr std::uint32_t state_magic = 0x4C494E31u; /* "LIN1", the C example's state format */
constexpr std::size_t state_size = 4 + 3 * sizeof(double);

class LinearCost final : public latkit::Estimator {
public:
    explicit LinearCost(latkit::Options &options)
        : fault_(options.choice("fault", "none", {"none", "exception", "non-std", "long-message"})) {}

    void fit(const latkit::Batch &train, const latkit::Batch *, std::uint64_t, const latkit::Progress &) override {
        latkit::Span<const double> targets = train.targets();
        latkit::Span<const double> macs = train.macs();
        if (train.count() < 2) throw latkit::Error::invalid("need at least 2 rows, got " + std::to_string(train.count()));
        double n = static_cast<double>(train.count()), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (std::size_t i = 0; i < train.count(); i++) {
            sx += macs[i];
            sy += targets[i];
            sxx += macs[i] * macs[i];
            sxy += macs[i] * targets[i];
        }
        double denominator = n * sxx - sx * sx;
        slope_ = denominator != 0 ? (n * sxy - sx * sy) / denominator : 0;
        intercept_ = (sy - slope_ * sx) / n;
        double squares = 0;
        for (std::size_t i = 0; i < train.count(); i++) {
            double r = targets[i] - (intercept_ + slope_ * macs[i]);
            squares += r * r;
        }
        residual_ = std::sqrt(squares / n);
        fitted_ = true;
    }

    void predict(const latkit::Batch &batch, latkit::Span<double> mean, latkit::Span<double> std) override {
        if (fault_ == "exception") throw std::runtime_error("deliberate fault in predict (fault=exception)");
        if (fault_ == "non-std") throw 42;
        if (fault_ == "long-message") {
            std::string message = "deliberate fault in predict (fault=long-message): ";
            for (int i = 0; i < 2000; i++) message += "\xC3\xA9"; /* U+00E9, two bytes each */
            throw std::length_error(message);
        }
        if (!fitted_) throw latkit::Error::state("predict called before fit or load");
        if (batch.count() == 0) return;
        latkit::Span<const double> macs = batch.macs();
        for (std::size_t i = 0; i < batch.count(); i++) {
            mean[i] = intercept_ + slope_ * macs[i];
            if (!std.empty()) std[i] = residual_;
        }
    }

    /* State: magic, then three little-endian doubles (as the C example; little-endian machines). */
    std::vector<std::uint8_t> save() const override {
        if (!fitted_) throw latkit::Error::state("nothing to save before fit");
        std::vector<std::uint8_t> bytes(state_size);
        std::memcpy(bytes.data(), &state_magic, 4);
        std::memcpy(bytes.data() + 4, &intercept_, sizeof(double));
        std::memcpy(bytes.data() + 4 + sizeof(double), &slope_, sizeof(double));
        std::memcpy(bytes.data() + 4 + 2 * sizeof(double), &residual_, sizeof(double));
        return bytes;
    }

    void load(latkit::Span<const std::uint8_t> bytes) override {
        if (bytes.size() != state_size) {
            throw latkit::Error::incompatible("state must be 28 bytes, got " + std::to_string(bytes.size()));
        }
        std::uint32_t magic = 0;
        std::memcpy(&magic, bytes.data(), 4);
        if (magic != state_magic) throw latkit::Error::incompatible("not an example-cpp-linear state");
        std::memcpy(&intercept_, bytes.data() + 4, sizeof(double));
        std::memcpy(&slope_, bytes.data() + 4 + sizeof(double), sizeof(double));
        std::memcpy(&residual_, bytes.data() + 4 + 2 * sizeof(double), sizeof(double));
        fitted_ = true;
    }

private:
    std::string fault_;
    double intercept_ = 0;
    double slope_ = 0;    /* ms per multiply-accumulate */
    double residual_ = 0; /* RMS of the training residuals: the std reported with each prediction */
    bool fitted_ = false;
};

/* An extension function: `latkit call example-cpp-linear add 2 3` prints 5. Called from C, so
   it must not throw. */
double add(double a, double b) noexcept { return a + b; }

constexpr latkit_estimator_api table =
    latkit::estimator_table<LinearCost>(LATKIT_VIEW_COST, LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE);

const latkit_function functions[] = {latkit::extension_function("add", "d(d,d)", &add, "a + b")};

constexpr latkit_descriptor descriptor = latkit::estimator_descriptor(
    "example-cpp-linear", "1.0.0", "Latency as a least-squares line in multiply-accumulates (C++ SDK example)",
    "fault=none  none, or make predict throw: exception (std::runtime_error), non-std (an int), long-message",
    &table, functions, 1);

constexpr const latkit_descriptor *plugins[] = {&descriptor};

constexpr latkit_library library = latkit::library("latkit-example-cpp", plugins);

}  // namespace

LATKIT_CPP_EXPORT_LIBRARY(library)
