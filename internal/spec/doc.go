// Package spec builds a container's OCI runtime spec (config.json) from an
// image's config and run options, with Docker's defaults: the 14
// capabilities, masked and read-only paths, default devices and their cgroup
// rules, /proc, /dev, /sys and the other default mounts, RLIMIT_NOFILE, the
// environment merge, Entrypoint/Cmd rules, user and group resolution, and
// cgroup limits (with Docker's unit syntax, github.com/docker/go-units).
//
// New and Default are pure: same inputs, same spec, no I/O and no syscalls.
// The one input read from disk, the image's /etc/passwd and /etc/group, is
// read beforehand by ReadUserDB through a FileReader the caller provides
// (the engine reads the unpacked layers without mounting them), and passed
// in with WithUserDB.
//
// Security (security.go): Docker's capability rules (--cap-add/--cap-drop,
// ALL, names with or without CAP_), --privileged, --security-opt
// (no-new-privileges, seccomp=unconfined|<profile JSON>), and the seccomp
// profile in Linux.Seccomp, resolved for the final capabilities by a
// SeccompProfiles the caller gives (Docker's rules depend on the host's
// kernel; package runtime/seccomp implements it).
//
// Options follow the functional-option pattern (Option), so that `tent run`,
// build steps and a default bundle spec share one builder.
package spec
