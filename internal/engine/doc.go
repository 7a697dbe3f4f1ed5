// Package engine is `tent run` and friends: it turns an image and the
// user's flags into a running container, and cleans up after it. The
// foreground run, step by step, is told in docs/design.md ("The run
// path"); this is where each piece lives.
//
//	engine.go, options.go       Engine (layout, stores, Runtime, Network); RunOptions, the flags;
//	                            OpenContainers: the container store and runtime only (exec)
//	run.go, run_setup.go        Engine.Run: signals, image, record, plan, create, start, wait
//	run_spawn.go                the init cloned first thing (runtime.Spawn)
//	run_teardown.go             teardown on every path: runtime, network, terminal, record
//	spec.go                     the run's inputs for package spec (internal/spec)
//	masks.go                    the host's per-CPU thermal_throttle dirs to mask
//	security.go, seccomp.go     caps, --privileged, the seccomp profile resolved ahead
//	initlayer.go, files.go      the shared init layer; hostname, hosts, resolv.conf
//	network.go                  network.Attach in the background, joined before the spec
//	console.go                  -t: the pty, raw mode, TIOCGWINSZ/TIOCSWINSZ on SIGWINCH
//	create.go                   tent create: a record with the run options; tent start runs it
//	detach*.go                  run -d: the monitor (package monitor), its setup helper
//	                            (its stdio passed over a unix socket), health checks
//	lifecycle_*.go              start, stop, kill, rm, exec, logs, ps, inspect, stats, top, prune
//	images.go, info.go          rmi's in-use policy; tent info
//	pull.go                     a missing image, fetched through Engine.Pull (tent-image)
//	volumes*.go                 -v, --mount, --tmpfs, --volumes-from and image VOLUMEs planned
//	                            (pure) into the record's mounts; volumes made on first use,
//	                            filled from the image (copy-up), removed with rm -v and --rm
//	cp*.go                      tent cp (below)
//	prune.go, df.go             container/image prune, system df
//
// tent cp resolves every path inside the container through fds, never by
// a host path: the container's root is an O_PATH fd, /proc/<init>/root for
// a running container (checked to be the init's by its start time after
// opening), so its mounts (volumes, binds) are the container's own; for a
// stopped one the overlay and its bind and volume mounts are mounted in a
// mount namespace of one locked thread (rootfs.InPrivateMountNamespace,
// unmounted before the op lock is released). The source is archived with
// rootfs.Archive (openat2 RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS for the
// path, O_NOFOLLOW below it) and unpacked with rootfs.Unpack into a
// directory fd resolved the same way, so a container's symlink (/x ->
// /etc) resolves in the container and a link to /etc/shadow copies the
// container's file or the link itself, never the host's. Copied out, a
// container's device nodes and setuid/setgid bits are dropped
// (rootfs.ForHost). Chosen over setns(2) into the container's mount
// namespace: Go cannot setns a mount namespace once threaded, a helper
// process would add an exec per cp, and /proc/<pid>/root with
// RESOLVE_IN_ROOT gives the same view with the kernel enforcing the root.
//
// The engine itself makes few syscalls: signal handling (rt_sigaction),
// the pty's ioctls, a socketpair and sendmsg(2) with SCM_RIGHTS for the
// monitor's helper, sysinfo(2) for tent info; the rest goes through image,
// rootfs, runtime and network. --trace prints each step with its offset,
// the runtime's own included.
//
// The engine reaches the runtime and the network through two small
// interfaces, Runtime and Network (*runtime.Runtime and *network.Manager),
// so that run, detach and the lifecycle are unit-tested with fakes.
package engine
