// Command validation runs the OCI runtime-tools validation suite
// (github.com/opencontainers/runtime-tools v0.9.0, its validation/*
// programs) against runc-compatible runtimes and prints the pass counts side
// by side:
//
//	sudo go run ./tests/validation -runtime tent-runc=bin/tent-runc -runtime runc -runtime crun
//
// It builds the suite from the Go module cache in a temp dir (a copy of the
// module, with a go.mod and one fix for runtime-spec v1.2's typed state
// status), runs every program with RUNTIME set, in a dir holding the suite's
// runtimetest binary and busybox rootfs, and runs a failing one a second time
// (some are racy). crun runs through a wrapper that rewrites the bundle's
// ociVersion to 1.1.0 (crun 1.8 refuses newer ones) and, on a hybrid cgroup
// host, hides /sys/fs/cgroup/unified in a private mount namespace (crun 1.8
// refuses hybrid cgroups). The programs that put their container in the
// suite's fixed cgroup (/cgrouptest) run one at a time, whatever -j says,
// and with -lock FILE the batch of them holds flock(2) on FILE (the lock
// the host's root tests take) so that no other run of the suite on the
// host shares that cgroup. Containers a program left (it died midway) are
// force-deleted at the end. -json prints the results for tests/.
package main
