# LatencyKit: the two commands of the README, and what they need.
#   make reproduce   the main job: the paper's results reproduced on the shipped data (report in out/)
#   make test        the whole test suite, in release (numeric code is 100x slower in debug)
#   make ort         ONNX Runtime's CPU library for real latency measurement, into .deps/onnxruntime/

SWIFT ?= swift
PACKAGES := libffi-dev libopenblas-dev libsqlite3-dev libpq-dev pkg-config
OUT ?= out

.PHONY: deps build reproduce test clean-out ort ort-optional

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
