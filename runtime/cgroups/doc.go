// Package cgroups puts a container's processes under resource limits, on
// cgroup v1 and v2 behind one Manager interface.
//
// # Two versions of the same idea
//
// A cgroup is a directory in a special filesystem. Making a directory makes
// a group; writing a pid into its cgroup.procs moves the process in;
// writing numbers into its other files sets limits; reading them gives
// usage. Removing the (empty) directory deletes the group.
//
// cgroup v1 (legacy) has one hierarchy per controller, each its own mount:
//
//	/sys/fs/cgroup/memory/tent/<id>/memory.limit_in_bytes
//	/sys/fs/cgroup/cpu/tent/<id>/cpu.cfs_quota_us
//	/sys/fs/cgroup/pids/tent/<id>/pids.max
//
// so a container has one directory per controller and joins each of them.
// cpu and cpuacct may be one mount (cpu,cpuacct, with symlinks) or two;
// controllers that are not mounted are skipped.
//
// cgroup v2 (unified, most current distributions) has a single tree:
//
//	/sys/fs/cgroup/tent/<id>/{memory.max,cpu.max,pids.max,...}
//
// A controller's files only appear in a group once its parent enables the
// controller in cgroup.subtree_control, so tent writes
// "+cpu +cpuset +io +memory +pids" into the root's and /tent's
// subtree_control before it makes /tent/<id>. A v2 group with children
// may not hold processes itself ("no internal processes"), which is why
// containers are leaves.
//
// A hybrid host mounts the v1 controllers and, beside them, an (often
// empty) cgroup2 tree at /sys/fs/cgroup/unified. Detect calls it V1: the
// controllers that matter live in the v1 hierarchies. Detect looks only at
// statfs(/sys/fs/cgroup): CGROUP2_SUPER_MAGIC means v2, a tmpfs means v1.
//
// # Files written, from the OCI spec's LinuxResources
//
//	spec                      v1 file                          v2 file
//	memory.limit              memory.limit_in_bytes            memory.max
//	memory.swap (mem+swap)    memory.memsw.limit_in_bytes (1)  memory.swap.max = swap-limit
//	memory.reservation        memory.soft_limit_in_bytes       memory.low
//	memory.swappiness         memory.swappiness                (none on v2)
//	memory.disableOOMKiller   memory.oom_control = 1           (none)
//	cpu.shares                cpu.shares                       cpu.weight = 1+((shares-2)*9999)/262142
//	cpu.quota, cpu.period     cpu.cfs_period_us, cfs_quota_us  cpu.max = "quota period"
//	cpu.cpus, cpu.mems        cpuset.cpus, cpuset.mems (2)     cpuset.cpus, cpuset.mems
//	pids.limit                pids.max                         pids.max
//	devices                   devices.deny / devices.allow (3) an eBPF program (see below)
//	unified                   (error)                          the named files, verbatim
//
// (1) only with swap accounting; skipped quietly when the file is absent.
// -1 means unlimited. (2) a new v1 cpuset starts with empty cpus and mems
// and refuses tasks, so every level (/tent, /tent/<id>) gets them copied
// from its parent first. (3) in the spec's order, usually "a *:* rwm" denied
// and then the allow list.
//
// Not written yet: blockIO (blkio.* / io.*), hugepage limits, net_cls/prio,
// rdma, cpu idle and realtime; on v2 the spec's "unified" map can set any
// of them by file name.
//
// Docker's --cpus N becomes quota = N*100000 per period 100000 (CPUQuota).
//
// Devices on v2 are controlled by an eBPF program attached to the cgroup
// (BPF_CGROUP_DEVICE): v2 has no devices controller. Create hands the
// spec's rules to the DeviceFilter given with WithDeviceFilter (package
// devices, which brings the eBPF library; this package, linked by the
// container's init, only knows the interface) after the limits and before
// any process joins. It fails closed: device rules on v2 without a filter,
// or a filter that fails (no CONFIG_CGROUP_BPF, no CAP_SYS_ADMIN), fail
// Create and remove the group. A container root keeps CAP_MKNOD, so
// creating only the allowed nodes in /dev would not be enough.
//
// # Reading back
//
// Stats reports CPU time (cpuacct.usage / cpu.stat usage_usec), memory as
// Docker shows it (usage minus inactive file cache), the memory and pids
// limits (0 = unlimited) and the number of OOM kills (the oom_kill line of
// v1's memory.oom_control or v2's memory.events). OOMKilled is oom_kill > 0;
// memory.failcnt only counts hits of the limit, not kills.
//
// Freeze and Thaw use freezer.state (v1) or cgroup.freeze (v2). Kill writes
// v2's cgroup.kill, or freezes, SIGKILLs each member and thaws. Destroy
// rmdirs the groups, retrying briefly while killed tasks are still leaving.
//
// # Cost
//
// New does no I/O except, once per root and process, a statfs (none when
// the runtime called Detect first). On v1, the first Create of a process
// learns which controllers are mounted while it makes the group: one
// mkdir per hierarchy, and a stat of root/<ctrl> only when that fails;
// Load stats each root/<ctrl> instead. Create is then a mkdir and one
// write per limit; on v2 the subtree_control writes are skipped when /tent
// already enables everything. FD gives clone3(CLONE_INTO_CGROUP) a
// directory fd so a v2 child starts inside its cgroup without a later
// Apply.
//
// Files are opened with plain syscalls (rawfile.go): a write is open,
// write, close and a read open, reads to EOF, close, where an os.File would
// add fcntl and epoll_ctl calls to register each fd with the poller. A run
// of writes to one file (the device rules) shares one open, with a write(2)
// per rule. A v1 cpuset level's cpus and mems are read at most once (a
// level just made is known empty) and passed down. docs/benchmarks.md
// ("Costs behind the design") counts the syscalls of one run.
//
// The first cgroup.procs write of a v1 Apply may wait for an RCU grace
// period: the kernel write-locks cgroup_threadgroup_rwsem, and that waits
// unless a recent writer left it fast. A thread that writes 0 to a
// hierarchy's tasks file moves only itself, and the kernel skips that
// lock: JoinThread does that with ThreadFiles, and the runtime's inits and
// exec's stage-2 call it from the thread that later execs the user's
// process, so the runtime does not Apply on v1. On v2 FD makes Apply
// unnecessary, except for an init spawned before its cgroup existed.
package cgroups
