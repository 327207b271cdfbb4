/* Needs a function no loaded library provides: dlopen(RTLD_NOW) must fail, naming the symbol. */
#include "latkit_plugin.h"

extern const latkit_library *latkit_fixture_missing_function(void);

LATKIT_EXPORT const latkit_library *latkit_plugin_entry(void) { return latkit_fixture_missing_function(); }
