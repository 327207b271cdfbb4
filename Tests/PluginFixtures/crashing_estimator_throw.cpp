// Linked into crashing_estimator.c built with -DFAULT=7: a C++ exception that no one catches,
// thrown out of the plugin's predict, as a C++ plugin that forgot the SDK's guard would.
#include <stdexcept>

extern "C" void crashing_estimator_throw(void) { throw std::runtime_error("an exception no plugin code caught"); }
