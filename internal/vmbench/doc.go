// Package vmbench is tent bench vm: it boots N microVMs (internal/vm) and
// starts N containers (tent run with --network none and bridge, and crun,
// runc and podman when installed) with the same payload, a static busybox
// that prints a marker and sleeps, and times each from its start to the
// marker. It reports start min/median/max, memory per instance as PSS (the
// qemu process against the launcher, monitor and container processes, from
// /proc/PID/smaps_rollup), how many fit in a memory budget, and the
// VM/container ratios, as a table, JSON and a chart (SVG written by hand,
// or PNG through image/png). Everything it starts runs in its own process
// group, and is killed and removed at the end or on SIGINT/SIGTERM.
// Syscalls: fork/exec, kill; on a hybrid cgroup host, unshare(CLONE_NEWNS)
// and umount2 of /sys/fs/cgroup/unified in one thread for crun and podman.
package vmbench
