# LatencyKit: the two commands of the README, and what they need.
#   make reproduce   the main job: the paper's results reproduced on the shipped data (report in out/)
#   make test        the whole test suite, in release (numeric code is 100x slower in debug)

SWIFT ?= swift
PACKAGES := libffi-dev libopenblas-dev libsqlite3-dev pkg-config
OUT ?= out

.PHONY: deps build reproduce test clean-out

# Installs the Debian packages the build links against, only when one is missing.
deps:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# A release build of the latkit executable and every plugin library.
build: deps
	$(SWIFT) build -c release

reproduce: build
	.build/release/latkit reproduce --out $(OUT)

test: deps
	$(SWIFT) test -c release --disable-swift-testing
