# LatencyKit: the two commands of the README, and what they need.
#   make reproduce   the main job: the paper's results reproduced on the shipped data (report in out/)
#   make test        the whole test suite, in release (numeric code is 100x slower in debug)
#   make ort         ONNX Runtime's CPU library for real latency measurement, into .deps/onnxruntime/
#   make install     latkit on the PATH, its plugins and the SDK header under PREFIX (default /usr/local)

SWIFT ?= swift
PACKAGES := libffi-dev libopenblas-dev libsqlite3-dev libpq-dev pkg-config
OUT ?= out

PREFIX ?= /usr/local
PLUGIN_DIR = $(PREFIX)/lib/latkit/plugins
MANIFEST = $(PREFIX)/lib/latkit/installed-files

.PHONY: deps build reproduce test clean-out ort ort-optional install uninstall

# ONNX Runtime's CPU library, taken from its PyPI wheel (a self-contained .so; no header ships and
# none is needed: the LatKitONNXRuntime module dlopens it). Python is needed only to fetch it.
ORT_VERSION := 1.32.0
ORT_DIR := .deps/onnxruntime
ORT_LIB := $(ORT_DIR)/libonnxruntime.so.$(ORT_VERSION)

# Installs the Debian packages the build links against, only when one is missing.
deps:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# A release build of the latkit executable and every plugin library.
build: deps ort-optional
	$(SWIFT) build -c release

reproduce: build
	.build/release/latkit reproduce --out $(OUT)

test: deps ort-optional
	$(SWIFT) test -c release --disable-swift-testing

# Fetches the library only when it is missing: the wheel is downloaded to a temporary folder, the
# one file is extracted from it (a zip) and moved into place, so an interrupted fetch leaves nothing.
ort:
	@if [ -f $(ORT_LIB) ]; then exit 0; fi; \
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	if command -v pip >/dev/null 2>&1; then PIP=pip; else PIP="python3 -m pip"; fi; \
	echo "fetching onnxruntime $(ORT_VERSION) from PyPI"; \
	$$PIP download -q --no-deps --only-binary=:all: onnxruntime==$(ORT_VERSION) -d "$$tmp" \
		|| $$PIP download -q --no-deps --only-binary=:all: --python-version 3.11 \
			--platform manylinux_2_28_$$(uname -m) onnxruntime==$(ORT_VERSION) -d "$$tmp"; \
	wheel=$$(ls "$$tmp"/onnxruntime-*.whl); member=onnxruntime/capi/libonnxruntime.so.$(ORT_VERSION); \
	mkdir -p $(ORT_DIR); \
	if command -v python3 >/dev/null 2>&1; then \
		python3 -c 'import shutil, sys, zipfile; shutil.copyfileobj(zipfile.ZipFile(sys.argv[1]).open(sys.argv[2]), open(sys.argv[3], "wb"))' \
			"$$wheel" $$member "$$tmp/lib.so"; \
	else unzip -p "$$wheel" $$member > "$$tmp/lib.so"; fi; \
	mv "$$tmp/lib.so" $(ORT_LIB); echo "ONNX Runtime $(ORT_VERSION): $(ORT_LIB)"

# `build` and `test` try `ort` but go on without it: only real latency measurement needs the
# library, and its tests skip with a message when it is missing.
ort-optional:
	@$(MAKE) --no-print-directory ort || echo "note: ONNX Runtime was not fetched (run 'make ort'); real-latency tests will be skipped"

# Installs the release build: the executable in PREFIX/bin, every plugin in PREFIX/lib/latkit/plugins
# (where an installed latkit looks with no flag; a third party's plugin dropped beside them is found
# too), the SDK header in PREFIX/include. The files written are listed in a manifest, so that
# `make uninstall` removes exactly those and never a plugin someone else installed. NO_BUILD=1
# installs what is already built.
install: $(if $(NO_BUILD),,build)
	@test -x .build/release/latkit || { echo "no release build: run 'make build' first"; exit 1; }
	install -d $(PREFIX)/bin $(PLUGIN_DIR) $(PREFIX)/include
	install -m 755 .build/release/latkit $(PREFIX)/bin/latkit
	install -m 644 .build/release/liblatkit_*.so $(PLUGIN_DIR)/
	install -m 644 SDK/include/latkit_plugin.h $(PREFIX)/include/latkit_plugin.h
	@{ echo $(PREFIX)/bin/latkit; echo $(PREFIX)/include/latkit_plugin.h; \
		for f in .build/release/liblatkit_*.so; do echo $(PLUGIN_DIR)/$$(basename $$f); done; } > $(MANIFEST)
	@echo "installed latkit in $(PREFIX)/bin, $$(ls .build/release/liblatkit_*.so | wc -l) plugins in $(PLUGIN_DIR)"

uninstall:
	@test -f $(MANIFEST) || { echo "nothing installed in $(PREFIX) (no $(MANIFEST))"; exit 1; }
	@xargs rm -f < $(MANIFEST) && rm -f $(MANIFEST)
	@rmdir $(PLUGIN_DIR) $(PREFIX)/lib/latkit 2>/dev/null || true
	@echo "removed latkit from $(PREFIX)"
