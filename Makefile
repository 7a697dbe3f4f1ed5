# tent — see README.md. Targets that touch namespaces, cgroups or apt need root.
#
#   sudo make demo    build tent, make a busybox image offline, run a container
#   sudo make check   install the test packages, then lint and every test (what CI runs)
#   make lint         gofmt, go mod tidy, go vet, staticcheck (no root needed)
#   sudo make bench   tent run vs crun, runc, podman (-n: BENCH_ARGS="-n 50")

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(PATH):/usr/local/go/bin
export CGO_ENABLED := 0

GO      ?= go
BIN     := $(CURDIR)/bin
PREFIX  ?= /usr/local
# tent version: the commit and its time (not the build's: builds stay reproducible).
VERSION_PKG := github.com/tent-dev/tent/internal/version
GIT_COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null)
GIT_TIME := $(shell git log -1 --format=%cI 2>/dev/null)
VERSION_LDFLAGS := -X $(VERSION_PKG).GitCommit=$(GIT_COMMIT) -X $(VERSION_PKG).Built=$(GIT_TIME)
GOFLAGS_BUILD := -trimpath -ldflags "$(VERSION_LDFLAGS)"
# tent-monitor stays resident beside every detached container: no symbol table
# or DWARF (-s -w) makes it about a third smaller on disk; panics still show
# stacks (pclntab stays).
GOFLAGS_MONITOR := -trimpath -ldflags "-s -w $(VERSION_LDFLAGS)"
# Go 1.26's Green Tea collector keeps a small-object span's mark bits in the
# span's last page: a new process touches two pages (two page faults) per size
# class it allocates in, and tent's processes are short (the CLI, the init,
# tent-runc) or small (the monitor). The classic collector saves ~20 page
# faults per start, 0.5-1 ms on a small VM (docs/benchmarks.md). Go 1.27 is to
# drop the opt-out: where the go command does not know it, builds go on without.
GC_EXPERIMENT := $(shell PATH="$(PATH)" GOEXPERIMENT=nogreenteagc $(GO) env GOEXPERIMENT 2>/dev/null)
UNIT_TIMEOUT ?= 10m
E2E_TIMEOUT  ?= 15m
TESTFLAGS ?=
BENCH_ARGS ?=
# The one pinned staticcheck; go run fetches it through the module proxy.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

.PHONY: all go-present build test unit e2e test-deps check bench bench-deps demo install clean fmt lint

all: build

build: go-present
	GOEXPERIMENT=$(GC_EXPERIMENT) $(GO) build $(GOFLAGS_BUILD) -o $(BIN)/ ./cmd/...
	GOEXPERIMENT=$(GC_EXPERIMENT) $(GO) build $(GOFLAGS_MONITOR) -o $(BIN)/tent-monitor ./cmd/tent-monitor
	@# The linker writes through mmap; the same bytes written again by
	@# install(1), as make install and dpkg leave a binary, start about 1 ms
	@# faster per process on a small VM (docs/benchmarks.md). Rewrite bin/ so
	@# that the demo, the tests and workshop users run what an install runs.
	@for f in $(BIN)/tent*; do case $$f in *.tmp|*.log) continue;; esac; \
		install -m 0755 $$f $$f.tmp && mv -f $$f.tmp $$f; done

go-present:
	@command -v $(GO) >/dev/null || { echo "make: Go not found. Install Go 1.26+ from https://go.dev/dl/" \
		"into /usr/local/go (or golang-go from your distribution's backports; Go >= 1.21 fetches" \
		"the toolchain go.mod asks for)."; exit 1; }

# Unit tests of every package (root-only ones run too when root), then the
# end-to-end tests of the built binaries; e2e runs even when a unit test
# failed, and test fails if either did.
test: build
	@u=ok e=ok; $(MAKE) --no-print-directory unit || u=FAILED; $(MAKE) --no-print-directory e2e || e=FAILED; \
	echo "make test: unit tests $$u, e2e tests $$e"; [ $$u = ok ] && [ $$e = ok ]

# -p 1: root tests of several packages snapshot host-wide state (links,
# mounts, cgroups) and must not run at the same time.
unit:
	$(GO) test -count=1 -p 1 -timeout $(UNIT_TIMEOUT) $(TESTFLAGS) $$($(GO) list ./... | grep -v '/tests')

e2e: build
	@rc=0; TENT_BIN_DIR=$(BIN) $(GO) test -count=1 -v -timeout $(E2E_TIMEOUT) $(TESTFLAGS) ./tests/... \
		2>&1 | tee $(BIN)/e2e.log | grep -v -e '^=== \(RUN\|PAUSE\|CONT\)' || rc=$$?; \
	echo "e2e: $$(grep -c -e '^--- PASS' $(BIN)/e2e.log || true) passed," \
		"$$(grep -c -e '^--- FAIL' $(BIN)/e2e.log || true) failed," \
		"$$(grep -c -e '^--- SKIP' $(BIN)/e2e.log || true) skipped (top-level tests; full log: bin/e2e.log)"; \
	exit $$rc

# Debian packages the tests need (idempotent, quiet), and the Go modules.
test-deps: go-present
	bash tests/deps.sh test
	@# Debian's kernel for the cgroup v2 VM test (apt-get download into a cache).
	if [ -f tests/vm/kernel.sh ]; then bash tests/vm/kernel.sh >/dev/null; fi
	$(GO) mod download

# The one test command (README, .ci/run): lint, then every test. The tests
# run even when lint failed; check fails if either did.
check: test-deps
	@l=ok t=ok; $(MAKE) --no-print-directory lint || l=FAILED; $(MAKE) --no-print-directory test || t=FAILED; \
	echo "make check: lint $$l, tests $$t"; [ $$l = ok ] && [ $$t = ok ]

bench-deps:
	bash tests/deps.sh bench

bench: bench-deps
	$(GO) run ./tests/bench $(BENCH_ARGS)

demo: build
	bash tests/deps.sh demo
	TENT_BIN_DIR=$(BIN) bash tests/demo.sh

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN)/tent $(DESTDIR)$(PREFIX)/bin/tent
	install -m 0755 $(BIN)/tent-init $(DESTDIR)$(PREFIX)/bin/tent-init
	install -m 0755 $(BIN)/tent-image $(DESTDIR)$(PREFIX)/bin/tent-image
	install -m 0755 $(BIN)/tent-monitor $(DESTDIR)$(PREFIX)/bin/tent-monitor
	install -m 0755 $(BIN)/tent-runc $(DESTDIR)$(PREFIX)/bin/tent-runc
	install -m 0755 $(BIN)/tent-bench $(DESTDIR)$(PREFIX)/bin/tent-bench
	@if [ -e $(BIN)/tent-mkimage ]; then install -m 0755 $(BIN)/tent-mkimage $(DESTDIR)$(PREFIX)/bin/tent-mkimage; fi

fmt:
	gofmt -l -w $$(git ls-files '*.go')

# Style and static checks (part of check): gofmt, go mod tidy, go vet and
# staticcheck. Each runs even when an earlier one failed; lint names those
# that failed.
lint: go-present
	@failed=; \
	echo "gofmt -l"; out=$$(gofmt -l $$(git ls-files '*.go')) || failed+=" gofmt"; \
	if [ -n "$$out" ]; then echo "not gofmt'ed (make fmt):"; echo "$$out"; failed+=" gofmt"; fi; \
	echo "go mod tidy -diff"; $(GO) mod tidy -diff || { echo "(run go mod tidy)"; failed+=" go-mod-tidy"; }; \
	echo "go vet ./..."; $(GO) vet ./... || failed+=" vet"; \
	echo "staticcheck@$(STATICCHECK_VERSION) ./..."; $(STATICCHECK) ./... || failed+=" staticcheck"; \
	if [ -n "$$failed" ]; then echo "make lint: FAILED:$$failed"; exit 1; fi; echo "make lint: ok"

clean:
	rm -rf $(BIN)
