// Package hybridv1 lets a command see a cgroup v1 host on a hybrid one (v1
// controllers plus a cgroup2 mount at /sys/fs/cgroup/unified), which crun
// 1.8 refuses: it runs the fork in a locked thread that unshared its mount
// namespace, made / private and unmounted /sys/fs/cgroup/unified there.
// Nothing outside the thread changes. Used by tent bench vm and make bench.
// Syscalls: unshare(CLONE_NEWNS), mount(MS_REC|MS_PRIVATE), umount2.
package hybridv1
