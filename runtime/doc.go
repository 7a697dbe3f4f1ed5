// Package runtime runs OCI bundles: create (init blocked), start, state,
// kill, delete and exec, the lifecycle of the OCI runtime-spec, on Linux
// namespaces, cgroups and pivot_root. It is what `tent run` drives, and what
// a runc-compatible CLI drives for containerd. docs/design.md tells the run
// path; this is where each piece lives.
//
// # Files, by concept
//
//	api.go, runtime.go          the public types; Runtime.Create, Load, List
//	validate.go, _cgroup.go     the spec check: fields the runtime cannot apply are refused
//	create_linux.go             Create, top to bottom: cgroup, clone, config, state, ready, hooks
//	container_linux.go          Start (exec FIFO + pidfd, poll(2)), Signal (pidfd_send_signal(2)), Wait, Delete
//	exec_linux.go               Exec and its stage-2
//	namespaces.go, _linux.go    which namespaces are new (CLONE_NEW*) or joined; setns(2)
//	cgroup_linux.go             the containers' cgroups, by id (package cgroups does v1/v2)
//	cgroup_mount_linux.go       the container's /sys/fs/cgroup on v1 (read-only binds)
//	init_parent_linux.go        the parent's side of a re-exec'd init: pipes, clone flags, config, "ready"
//	init_child_linux.go         fork+exec of the init (syscall.ForkExec), signal, wait
//	init_binary_linux.go        which binary is re-exec'd: tent-init beside tent, else /proc/self/exe
//	init_spawn_linux.go         Runtime.Spawn: an init cloned before its spec exists
//	init_linux.go               the init itself: config, setup in order, "ready", wait for Start
//	internal/initcodec          the config's wire format on the init's fd 3
//	sync_linux.go               the parent/init socket (SOCK_SEQPACKET, SCM_RIGHTS)
//	mountsetup_plan_linux.go    spec.Mounts → mount steps (pure)
//	mountsetup_linux.go         the container's mounts: / slave, rootfs, spec.Mounts (mount(2) via /proc/self/fd)
//	inroot_linux.go             lookups inside the rootfs: openat2(RESOLVE_IN_ROOT), mkdirat
//	devices.go, _linux.go       /dev nodes, symlinks and the cgroup device rules; mknodat(2)
//	../rootfs/pivot_linux.go    pivot_root(2) (rootfs.PivotRoot)
//	afterpivot_linux.go         after pivot_root: sysctls, masks, hostname, rlimits, cwd
//	mask_linux.go               masked paths (bind /dev/null, empty tmpfs) and read-only paths
//	loopback_linux.go           lo up in a new netns (SIOCSIFFLAGS)
//	console_linux.go            the pty: /dev/ptmx, TIOCGPTPEER, TIOCSCTTY
//	caps_linux.go, finalize_linux.go  capabilities, user, no_new_privs, close_range, execve(2)
//	seccomp.go                  the spec's seccomp: compiled in the parent, installed by the init (../seccomp)
//	hooks_linux.go              OCI hooks
//	state.go, load_linux.go     state.json; Load of a container from another process
//
// # Create (create_linux.go)
//
// Before anything is made, the spec is checked (validate.go): a field the
// runtime would not apply (an AppArmor or SELinux label, user or time
// namespaces, a cgroup limit the manager does not write on this cgroup
// version, a sysctl that is not namespaced, a hook run inside the
// container, an option a bind mount would ignore...) is refused with an
// error naming it, so no container runs with less than its spec asked
// for. Exec checks its process the same way.
//
// The parent makes the state dir <root>/<id>/ and the cgroup, writing the
// limits before any process joins (after a spec's "deny all" device rule,
// allow rules for the devices the runtime makes, as runc). It re-execs an
// init binary (argv[1] __tent_init) with the spec's CLONE_NEW* flags
// (CLONE_NEWCGROUP on cgroup v2) and Setsid; on v2 clone3 also carries
// CLONE_INTO_CGROUP, on v1 the init's thread writes 0 to each hierarchy's
// tasks file (cgroups.JoinThread). Runtime.Spawn does this clone before the
// spec exists; Create then moves that init into its cgroup before it sends
// the config, and the init unshares its cgroup namespace itself.
//
// The init gets its config on a pipe (fd 3, internal/initcodec) and a sync
// socket (fd 4). The parent makes the exec FIFO <root>/<id>/exec.fifo, which
// the init opens (O_PATH) before it leaves the host's filesystem, and writes
// state.json (the init's pid and start time, field 22 of /proc/<pid>/stat,
// so a reused pid is never taken for the container) while the init sets up
// its rootfs and CreateOpts.Prestart runs. Create returns once the init
// said "ready".
//
// # The init (init_linux.go)
//
// It locks its goroutine to its thread for good (namespaces, credentials
// and the final execve are per thread) and sets PR_SET_DUMPABLE 0
// (CVE-2019-5736). In order: setns(2) into namespaces given by path; / made
// MS_SLAVE|MS_REC; the rootfs mounts (rootfs.Apply) or a bind of the rootfs
// onto itself; spec.Mounts, each target opened inside the rootfs with
// openat2(RESOLVE_IN_ROOT) and mounted through /proc/self/fd/N
// (CVE-2021-30465); /dev filled; pivot_root(".", ".") and a detached
// umount of the old root; sysctls, masked paths (/dev/null checked to be
// 1:3, CVE-2025-31133), read-only paths, the console, sethostname(2), lo,
// prlimit(2); the command resolved and the cwd checked to be under the root
// (CVE-2024-21626), so a missing command fails Create with 127. Then
// "ready", and it blocks opening the FIFO for writing.
//
// # Start, Wait, Signal, Delete (container_linux.go)
//
// Start opens the FIFO for reading and waits with poll(2) on it and on a
// pidfd of the init: a container with a FIFO is "created", without one
// "running", with its init gone "stopped". The init, which dropped the
// bounding set before "ready", sets its groups, gid and uid (raw syscalls:
// this thread only), capset(2) and the ambient set, PR_SET_NO_NEW_PRIVS,
// the umask, close_range(CLOSE_RANGE_CLOEXEC), and execve(2). Wait reaps the init
// (only in the creating process) and reports Docker's codes, with
// OOMKilled from the cgroup. Delete SIGKILLs what is left, waits, removes
// the cgroup and the state dir; a failed Create does the same.
//
// # Seccomp (seccomp.go)
//
// A spec's linux.seccomp is compiled in the parent, by the
// SeccompCompiler the caller gives (WithSeccompCompiler; tent passes
// runtime/seccomp's cache) or precompiled in CreateOpts.Seccomp; without
// either such a spec is refused. The program reaches the init in its
// config and is kept in state.json for exec. The init installs it with
// package runtime/seccomp/load as runc does: with no_new_privs as the
// very last step before execve (prctl then seccomp(2) with TSYNC),
// without it first thing in finalize, while it still has CAP_SYS_ADMIN.
// Exec's stage-2 installs the same program.
//
// # Cgroups (cgroup_linux.go)
//
// The runtime owns the cgroups: each is <parent>/<id>
// (WithCgroupParent, "/tent" by default) unless the spec names one, and
// Runtime.Stats, Pids, OOMKilled, Freeze, Thaw and RemoveCgroup take a
// container id, so they work from any process, even once state.json is
// gone.
//
// # Exec (exec_linux.go)
//
// setns(CLONE_NEWNS) needs a process-private fs_struct, so exec has two
// steps without cgo: a goroutine locks its thread, setns's it into the
// container's ipc, uts, net, cgroup and pid namespaces and starts a
// re-exec'd stage-2 from it (Go's fork clones the calling thread). The
// stage-2 joins the cgroup, does unshare(CLONE_FS) and setns(CLONE_NEWNS)
// on its locked thread, opens a pty if asked, checks the command and cwd,
// waits for "go", and finishes like the init.
//
// CreateOpts.Trace records each step of the parent and of the init (the
// init sends its own with "ready"); docs/benchmarks.md has the figures.
package runtime
