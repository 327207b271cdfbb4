/* A shared library that is not a LatencyKit plugin: it lacks the entry symbol. */
int latkit_fixture_not_an_entry(void) { return 42; }
