// Package load installs a compiled seccomp program on the calling process.
// It is meant for the container init, as its last step before execve, and
// imports nothing but golang.org/x/sys/unix so that tent-init stays light;
// the compiler lives in the parent package runtime/seccomp.
//
// Syscalls: prctl(PR_SET_NO_NEW_PRIVS) when asked, then
// seccomp(SECCOMP_SET_MODE_FILTER) with SECCOMP_FILTER_FLAG_TSYNC so that
// every thread of the Go runtime gets the filter (the one that calls execve
// may not be the one that installed it). Without no_new_privs the caller
// needs CAP_SYS_ADMIN: install before dropping capabilities then.
//
// InstallThread installs a filter on the calling thread only (exec's fast
// path, whose thread forks the process). Program.Eval runs a program on a
// struct seccomp_data in Go, so that the runtime can tell whether a filter
// allows the syscalls it must make under it.
//
// Program's binary form (MarshalBinary) is how the parent hands a program to
// the init: "TSF1", flags and count as little-endian uint32, then each
// sock_filter as code (uint16), jt, jf (uint8) and k (uint32), little-endian.
package load
