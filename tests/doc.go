// Package tests holds tent's end-to-end tests: they run the built `tent` and
// `tent-mkimage` binaries as root against a real kernel, overlayfs, cgroups and
// Debian's docker-registry. Nothing reaches the internet.
//
// # Running
//
//	sudo make check          # installs the Debian packages, then unit + e2e tests
//	sudo go test ./tests/    # e2e only; builds the binaries itself
//
// Not root: TestMain prints a note and exits 0 (every test here needs root).
// TENT_BIN_DIR=DIR uses prebuilt binaries from DIR instead of building them
// (`make test` passes bin/).
//
// # The harness (harness_test.go, main_test.go)
//
// TestMain builds the binaries once (CGO_ENABLED=0) and makes one temp dir for
// the whole run holding a shared store (TENT_ROOT = testRoot) and a shared state
// dir (TENT_STATE = testState). After all tests it `tent rm -f`s leftover
// containers, unmounts anything left under the temp dir and removes it.
//
//	bin(t, "tent")                       path of a built binary
//	tent(t, args...) result              tent with the shared root/state, 2 min timeout
//	tentIn(t, root, state, args...)      tent with a private root/state
//	tentCmd(t, args...) *exec.Cmd        not started: for signals, stdin, streaming
//	mustSucceed(t, r)                    t.Fatal with stdout/stderr unless r.Code == 0
//	busyboxImage(t) string               "tent-test/busybox:latest", made by
//	                                     tent-mkimage and `tent load`ed once per run
//	startRegistry(t) string              Debian's docker-registry on 127.0.0.1:PORT,
//	                                     stopped in t.Cleanup; returns "127.0.0.1:PORT"
//	before := leakSnapshot(t)            mounts, cgroup dirs, veths, nft rules of
//	assertNoLeaks(t, before)             table ip tent, state files; polls ≤5 s
//
// result is {Args []string; Stdout, Stderr string; Code int}; Code is the exit
// code, 128+N when tent died of signal N.
//
// # Conventions for the part files (tests/<part>_test.go)
//
//   - Table-driven where there is more than one case; t.TempDir for files.
//   - Tests that take leak snapshots must not call t.Parallel: the snapshot is
//     of host-wide state (mounts, cgroups, links).
//   - Never assert a duration: speed belongs to `make bench` (tests/bench).
//   - Name containers with the test's name (t.Name()) when a name helps a
//     failure message, and remove them in t.Cleanup.
package tests
