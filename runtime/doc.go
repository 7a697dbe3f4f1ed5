// Package runtime runs OCI bundles: create (init blocked), start, state,
// kill, delete and exec, the lifecycle of the OCI runtime-spec, on Linux
// namespaces, cgroups, pivot_root and seccomp. It is what `tent run`
// drives, and what a runc-compatible CLI drives for containerd.
// docs/design.md ("The run path") tells Create, the init, Start, Delete and
// Exec step by step; this is where each piece lives.
//
// # Files, by concept, and their syscalls
//
//	api.go, runtime.go          the public types; Runtime.Create, Load, List
//	validate.go, _cgroup.go     the spec check: fields the runtime cannot apply are refused
//	create_linux.go             Create, top to bottom: cgroup, clone, config, state, ready, hooks
//	container_linux.go          Start (exec FIFO + pidfd, poll(2)), Signal (pidfd_send_signal(2)), Wait, Delete
//	exec_linux.go               Exec and its stage-2: setns(2), unshare(CLONE_FS)
//	exec_fast.go, _linux.go     exec's fast path: when (pure), and the locked thread that forks (ForkExec)
//	execdmz.go, _file_linux.go  the trampoline the fast path execs: write(2) to cgroup.procs, prlimit(2), close_range(2), execve(2)
//	sinit_table.go, _code.go    the static init a spawned init runs: a table of syscalls ending in execve: read(2), mmap(2), the table's
//	sinit_plan_linux.go         whether a container fits it, and the split of the setup (pure)
//	sinit_setup_linux.go        the setup from a thread of this process: setns(2) into the init's namespaces, mounts, pivot_root(2)
//	sinit_create_linux.go       Create and Start with it: the table sent on its fd 3, its report read on fd 4
//	sinit_prep_linux.go         what Create prepares before the spawned init is there: the table, the rootfs (rootfs.Detach)
//	sinit_finalize_linux.go     its table's last part, in finalize's order: prctl(2), setgroups(2), setresuid(2), capset(2), seccomp(2), execve(2)
//	sinit_caps.go               the capset(2) data of capability lists (pure)
//	sinit_proc_linux.go         its table's /proc, as PID 1 after pivot_root: mount(2) of proc, the masked and read-only paths under it
//	sinit_file_linux.go         its read-only, execute-only file under the runtime root
//	linger_linux.go             Linger: the static init as a holder of files until this process exits (read(2) to EOF, exit_group(2))
//	exec_ptrace_linux.go        whether CAP_SYS_PTRACE may be in the pid namespace (/proc/<pid>/status, markers)
//	launch.go, _linux.go        the launcher: setns(2), clone(2) CLONE_PARENT into a shared pid namespace
//	thread_linux.go             a throwaway locked thread (never the main one)
//	namespaces.go, _linux.go    which namespaces are new (CLONE_NEW*) or joined; setns(2)
//	cgroup_linux.go             the containers' cgroups, by id (package cgroups does v1/v2)
//	cgroup_mount_linux.go       the container's /sys/fs/cgroup on v1 (read-only binds)
//	init_parent_linux.go        the parent's side of a re-exec'd init: pipes, clone flags, config, "ready"
//	init_child_linux.go         fork+exec of the init (syscall.ForkExec; clone3 on v2), signal, wait4(2)
//	init_binary_linux.go        which binary is re-exec'd: tent-init beside tent, else /proc/self/exe
//	init_exe.go, _linux.go      the read-only bind mount it runs through (CVE-2019-5736)
//	init_spawn_linux.go         Runtime.Spawn: an init cloned before its spec exists
//	init_linux.go               the init itself: config, setup in order, "ready", wait for Start
//	internal/initcodec          the config's wire format on the init's fd 3
//	sync_linux.go               the parent/init socket (SOCK_SEQPACKET, SCM_RIGHTS)
//	mountsetup_plan_linux.go    spec.Mounts → mount steps (pure)
//	mountsetup_linux.go         the container's mounts: / slave, rootfs, spec.Mounts (mount(2) via /proc/self/fd)
//	inroot_linux.go             lookups inside the rootfs: openat2(RESOLVE_IN_ROOT), mkdirat
//	devices.go, _linux.go       /dev nodes, symlinks and the cgroup device rules; mknodat(2)
//	../rootfs/pivot_linux.go    pivot_root(2) (rootfs.PivotRoot)
//	afterpivot_linux.go         after pivot_root: sysctls, masks, sethostname(2), prlimit(2), cwd
//	mask_linux.go               masked paths (bind /dev/null, empty tmpfs) and read-only paths
//	loopback_linux.go           lo up in a new netns (SIOCSIFFLAGS)
//	console_linux.go            the pty: /dev/pts/ptmx (openat2, no symlinks, devpts 5:2), TIOCGPTPEER, TIOCSCTTY, /dev/console bound via O_PATH fds
//	caps_linux.go, finalize_linux.go  capset(2), setresuid/gid, no_new_privs, close_range, execve(2)
//	seccomp.go                  the spec's seccomp: compiled in the parent, installed by the init (./seccomp/load)
//	hooks_linux.go              OCI hooks, all six in the spec's order (the init stops before pivot_root for them)
//	features_linux.go           Features: what the runtime applies, in the runtime-spec's features schema
//	signal.go                   ParseSignal: "9", "KILL", "SIGKILL"
//	state.go, load_linux.go     state.json; Load of a container from another process
//	proc_linux.go               a pid and its start time as one process: pidfd_open(2)
//	lookpath.go, exitstatus.go  the command's lookup and Docker's exit codes (126, 127, 128+N)
//	speclog.go                  the debug lines (WithLogger), planned in pure code
//
// # Options that shape the runtime
//
// WithCgroupParent names the cgroup parent ("/tent" by default) in one
// place: each container's cgroup is <parent>/<id> unless the spec names
// one, and Runtime.Stats, Pids, OOMKilled, Freeze, Thaw and RemoveCgroup
// take a container id, so they work from any process, even once
// state.json is gone. WithSeccompCompiler (tent passes runtime/seccomp's
// cache) compiles a spec's linux.seccomp in the parent, or
// CreateOpts.Seccomp gives the program; without either such a spec is
// refused. WithDeviceFilter enforces the device rules on cgroup v2 (tent
// passes runtime/cgroups/devices' eBPF filter). WithLogger logs each
// decision at debug level (nothing without it); CreateOpts.Trace records
// each step of the parent and of the init.
package runtime
