// Package monitor is what keeps a detached container (tent run -d) alive
// after the CLI has returned: one small process per container, like
// podman's conmon or containerd's shim: the small tent-monitor binary
// (cmd/tent-monitor, installed beside tent), or tent itself when it is not
// installed (argv[1] "__tent_monitor" in both). It links only this package
// and what it needs (container records, logs, events): no image, spec,
// runtime or network code (Main, helper.go).
//
// The CLI side (Spawn) starts the monitor with setsid(2) (its own session:
// closing the terminal does not SIGHUP it), stdio on /dev/null, and a pipe
// as fd 3 on which the monitor says "running" or why it failed; the CLI
// prints the id and exits once it has read that.
//
// `tent run -it` on a terminal spawns it with --attach-first: it waits for
// the CLI to connect to its attach socket before the first start, and
// sends the exit code (FrameExit) before it closes, also with --rm.
//
// The monitor side (Run):
//   - prctl(PR_SET_CHILD_SUBREAPER): processes orphaned below it (the
//     container's init, exec'd helpers) are reparented to it and reaped;
//   - has the container made with its stdout and stderr as pipes it reads
//     into the json-file log (package logs), so nothing is lost when nobody
//     is attached: the first start of `tent run -d` by the CLI itself, the
//     monitor cloning the init for it so that the init is its child
//     (--adopt, adopt.go; a monitor tent started early first reads its
//     arguments there, --early); `tent start` and restarts by tent's setup helper
//     (`tent __tent_monitor --setup`, helper.go); with -i and no tty, it
//     keeps the write end of the container's stdin pipe (its own with
//     --adopt, else passed by the helper over SCM_RIGHTS, like the pty
//     master with -t) open between attach clients (attach.go); tears the
//     container down through `tent __tent_monitor --teardown`, which also
//     reads the cgroup's OOM kills;
//   - appends the container's events (start, die, health_status, destroy)
//     to the event journal (package events);
//   - records state in the container record (running, Pid, StartedAt, exit
//     code, OOMKilled, FinishedAt, health) under the record's flock;
//   - waits; applies the restart policy (no|on-failure[:N]|always|
//     unless-stopped) with a back-off of 100 ms doubling up to a cap, unless
//     the user stopped the container (tent stop sets StoppedByUser);
//   - runs the health check (Docker's HEALTHCHECK) by exec'ing into the
//     container every interval; an unhealthy container with a restart policy
//     is killed and so restarted;
//   - tears the container down after every run, and removes the record with
//     --rm.
//
// It keeps its memory small (docs/benchmarks.md, the detach group, sets it
// beside containerd's shim):
//   - the setup helper creates and starts the container and exits; the
//     orphaned init is reparented to the monitor (a child subreaper) and
//     reaped with wait4(2). Setup's memory thus never is the monitor's;
//     health probes are `tent exec` children for the same reason;
//   - Spawn starts it with GOMAXPROCS=1 and GOGC=20 in its environment, so
//     the Go runtime never makes a second P's threads;
//   - no goroutine blocks in a system call, which would hold an OS thread
//     and make the runtime start another, kept for life with its stacks:
//     exits are awaited on a pidfd (pidfd_open(2)), output pipes, the pty
//     master and the attach sockets (raw unix sockets, no package net) are
//     non-blocking files on the runtime's poller (epoll). What remains are
//     the runtime's own threads and the three os/signal needs for SIGTERM;
//   - once the container runs it calls madvise(MADV_DONTNEED) on the
//     binary's read-only mappings (text, rodata): those pages stay in the
//     page cache, shared, and fault back in (64 KiB at a time) only if that
//     code runs again. It forces no GC: a GC cycle's metadata (mark bits,
//     work buffers) costs more than the garbage it would free.
package monitor
