// Package runtime runs OCI bundles: create (init blocked), start, state,
// kill, delete and exec, the lifecycle of the OCI runtime-spec, on Linux
// namespaces, cgroups and pivot_root. It is what `tent run` drives, and what
// a runc-compatible CLI drives for containerd.
//
// # Create, step by step (create_linux.go, initprocess_linux.go)
//
// Before anything is made, the spec is checked (validate.go): a field the
// runtime would not apply (an AppArmor or SELinux label, user or time
// namespaces, a cgroup limit the manager does not write on this cgroup
// version, a sysctl that is not namespaced, a hook run inside the
// container, an option a bind mount would ignore...) is refused with an
// error naming it, so no container runs with less than its spec asked
// for. Exec checks its process the same way.
//
//  1. The parent (the tent process calling Runtime.Create) makes the state
//     dir <root>/<id>/ and the cgroup (cgroups.Manager.Create writes the
//     limits before any process joins; after a spec's "deny all" device
//     rule the runtime adds allow rules for the devices it makes in /dev,
//     the ptys, and mknod, as runc).
//  2. It re-execs an init binary with argv[1] __tent_init: tent-init (a
//     4 MB binary that links only this package and starts like a Go hello
//     world, ~1 ms) when it is installed beside tent, root-owned and
//     writable by nobody else, else its own binary, /proc/self/exe; with
//     SysProcAttr.Cloneflags = CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|
//     CLONE_NEWIPC|CLONE_NEWNET (those the spec asks for; CLONE_NEWCGROUP on
//     cgroup v2) and Setsid. On v2 the clone3 call also carries
//     CLONE_INTO_CGROUP (SysProcAttr.UseCgroupFD), so the init is born in
//     its cgroup; on v1 the init's main thread moves itself, writing 0 to
//     each hierarchy's tasks file (cgroups.JoinThread: the kernel skips the
//     global lock, and its RCU wait, that a pid written to cgroup.procs
//     takes), before anything else. The init's environment is empty.
//     Runtime.Spawn does this clone earlier, before the spec exists
//     (CreateOpts.Spawned): `tent run` spawns first thing, so the init's
//     exec and Go start overlap the engine's own work. A spawned init is
//     not cloned into its cgroup nor into a cgroup namespace (both are not
//     known yet): Create moves it into its cgroup before it sends the
//     config, and the init unshares its cgroup namespace itself.
//  3. The init gets two extra fds: a pipe carrying its config (the spec,
//     the rootfs mounts, the namespaces to join, the exec FIFO's path) in a
//     small binary encoding (initcodec.go: a first JSON decode in a new Go
//     process costs ~0.5 ms, this ~15 µs), and a SOCK_SEQPACKET socket for
//     sync messages. The parent makes the FIFO <root>/<id>/exec.fifo; the
//     init opens it (O_PATH) before it leaves the host's filesystem.
//  4. state.json is written while the init sets up its rootfs: the init's
//     pid and its start time (field 22 of /proc/<pid>/stat), so a reused
//     pid is never mistaken for the container. CreateOpts.Prestart (network
//     setup) runs in the parent meanwhile. Create returns once the init
//     said "ready" and Prestart returned.
//
// # The init, before start (init_linux.go, setup_linux.go, mount_linux.go)
//
// The init locks its goroutine to its OS thread and never unlocks it: its
// namespaces, credentials and capabilities change, and the final execve
// runs from it. prctl(PR_SET_DUMPABLE, 0) keeps container processes from
// opening /proc/<init>/exe, the host's tent binary (CVE-2019-5736).
//
//  1. setns(2) into namespaces given by path (a netns made by tent's
//     network part), on the locked thread; a spawned init on cgroup v2
//     first unshares its cgroup namespace, now that it is in its cgroup.
//  2. mount("", "/", MS_SLAVE|MS_REC): nothing mounted from here on reaches
//     the host, and everything dies with the mount namespace.
//  3. The rootfs mounts (tent's overlay: rootfs.Apply, with fsopen/fsconfig
//     "lowerdir+"/fsmount/move_mount for images with many layers), or a bind
//     of the rootfs onto itself so that it is a mount point.
//  4. spec.Mounts in order. Each target is created and opened inside the
//     rootfs with openat2(RESOLVE_IN_ROOT), one mkdirat per missing dir
//     and mounted through /proc/self/fd/N of that handle: a symlink in the
//     image cannot redirect a mount to the host (CVE-2021-30465). Binds with
//     flags ("ro") get a second mount(MS_BIND|MS_REMOUNT|flags) call.
//  5. /dev (a tmpfs): mknod(2) of the spec's devices and Docker's defaults
//     (null, zero, full, random, urandom, tty), binding the host's node if
//     mknod is refused; symlinks fd, stdin, stdout, stderr, ptmx -> pts/ptmx.
//     A "cgroup" mount is cgroup2 on v2 (in the container's cgroup
//     namespace); on v1 a tmpfs holding read-only binds of the container's
//     own cgroup in each hierarchy (cpu -> cpu,cpuacct links), made
//     read-only after. A missing process cwd is made inside the rootfs.
//  6. pivot_root(".", ".") from inside the rootfs, then umount2(".",
//     MNT_DETACH) of the old root stacked on top (rootfs.PivotRoot).
//  7. sysctls (writes to /proc/sys), masked paths (bind /dev/null, checked
//     to be the 1:3 char device (CVE-2025-31133), or an empty read-only
//     tmpfs), read-only paths (bind + MS_REMOUNT|MS_RDONLY), a read-only
//     root, the console when spec.Process.Terminal (open /dev/ptmx,
//     TIOCSPTLCK, TIOCGPTPEER, bind the slave on /dev/console, TIOCSCTTY,
//     dup3 onto 0-2, the master sent to the parent with SCM_RIGHTS),
//     sethostname(2), lo up (SIOCSIFFLAGS) in a new netns, prlimit(2) and
//     oom_score_adj.
//  8. The command is resolved in the container's PATH and the cwd entered
//     and checked to be under the root (getcwd, CVE-2024-21626), so a
//     missing command fails Create with code 127 (126: cannot execute).
//  9. "ready" goes to the parent; the init then blocks in open(2) of the
//     exec FIFO (reopened through /proc/self/fd) for writing.
//
// # Start (container_linux.go)
//
// Start opens the FIFO for reading (from any process: runc's create and
// start are separate processes), waits with poll(2) on it and on a pidfd of
// the init, reads the one byte the init writes, and removes the FIFO: a
// container with a FIFO is "created", without one "running", with its init
// gone "stopped". The init then: drops the bounding set
// (prctl(PR_CAPBSET_DROP), while it still has CAP_SETPCAP), sets
// PR_SET_KEEPCAPS, setgroups/setresgid/setresuid (raw syscalls: this
// thread only), capset(2) and the ambient set (moby/sys/capability; an
// ambient capability not both permitted and inheritable is skipped, as
// runc does),
// PR_SET_NO_NEW_PRIVS, the umask, close_range(3, ~0, CLOSE_RANGE_CLOEXEC),
// and execve(2).
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
// # Wait, Signal, Delete
//
// Wait reaps the init (only in the creating process) and reports Docker's
// codes: the exit code, or 128+N for signal N, with OOMKilled from the
// cgroup. Signal uses pidfd_send_signal(2) (or every pid of the cgroup).
// Delete SIGKILLs what is left, waits (a pidfd from other processes),
// removes the cgroup and the state dir; a failed Create does the same.
//
// The runtime owns the cgroups (cgroup_linux.go): each is <parent>/<id>
// (WithCgroupParent, "/tent" by default) unless the spec names one, and
// Runtime.Stats, Pids, OOMKilled, Freeze, Thaw and RemoveCgroup take a
// container id, so they work from any process, even once state.json is
// gone.
//
// # Where the time goes
//
// CreateOpts.Trace gets each step, the init's own steps included (it
// measures them and sends them with "ready"; "exec + Go start" is
// CLOCK_MONOTONIC from the parent's clone to the init's first
// instruction). On a 2-core VM with cgroup v1, of ~8-9 ms in process:
// cgroup create ~1.3, clone ~1-2, the init's exec and Go start ~2.5-3.5
// (a Go binary cannot skip its runtime and package initialisation), its
// mounts ~0.4, pivot_root ~0.2, the user process ~1.2, delete ~0.3.
//
// # Exec (exec_linux.go)
//
// Go is multithreaded, and setns(CLONE_NEWNS) needs a process-private
// fs_struct, so exec uses two steps without cgo: a goroutine locks its
// thread and setns's it into the container's ipc, uts, net, cgroup and pid
// namespaces, and starts a re-exec'd tent from that thread (Go's fork runs
// clone on the calling thread, so the child is born in those namespaces;
// the thread is never unlocked and dies with the goroutine). The stage-2
// gets the mount namespace as an fd: on its locked thread it joins the
// cgroup (v1: JoinThread, as the init; v2: born in it), does
// unshare(CLONE_FS) and setns(CLONE_NEWNS), which moves that thread's root
// into the container, opens a pty if asked, checks the command and cwd,
// waits for "go", then finishes like the init (capabilities, user,
// no_new_privs, execve).
package runtime
