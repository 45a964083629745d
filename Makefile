# Two entry points for people: `make demo` and `make test`. Each installs what it needs first.
SWIFT ?= swift
UNAME := $(shell uname -s)
APT_PACKAGES := libcsv-dev libopenblas-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_DIR ?= out/demo

ifeq ($(UNAME),Darwin)
BREW_PREFIX := $(shell brew --prefix 2>/dev/null)
SWIFT_FLAGS := -Xcc -I$(BREW_PREFIX)/include -Xlinker -L$(BREW_PREFIX)/lib
endif

.PHONY: deps build demo test bench bench-recurrent bench-ingest clean

## deps: install the C libraries (apt-get on Debian/Ubuntu, Homebrew on macOS) when missing.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: no Swift toolchain on PATH; install Swift 6 (swift.org/install) first" >&2; exit 1; }
ifeq ($(UNAME),Darwin)
	@brew list libcsv >/dev/null 2>&1 || brew install libcsv
else
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endif

## build: release build of the `forecast` binary.
build: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product forecast

## demo: the main job on the built-in sample data.
demo: build
	@FORECAST="$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)/forecast" DEMO_DIR="$(DEMO_DIR)" bash scripts/demo.sh

## test: the whole test suite (debug build).
test: deps
	$(SWIFT) test $(SWIFT_FLAGS)

## bench: the benchmarks (release build); see docs/benchmarks.md.
bench: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product forecast-bench
	$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)/forecast-bench

## bench-ingest: CSV ingest in Swift, pandas and polars on the same generated ~200 MB file (needs python3 + pandas, polars, pyarrow).
bench-ingest: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product forecast-bench
	@dir="$$(mktemp -d)"; trap 'rm -rf "$$dir"' EXIT; \
	"$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)/forecast-bench" ingest --path "$$dir/ingest.csv" --keep && \
	python3 scripts/bench_ingest_pandas_polars.py "$$dir/ingest.csv"

## bench-recurrent: recurrent training in Swift and PyTorch side by side at 1 and 2 threads (needs python3 + torch).
bench-recurrent: deps
	SWIFT_FLAGS="$(SWIFT_FLAGS)" bash scripts/bench_recurrent_compare.sh

clean:
	rm -rf .build out
