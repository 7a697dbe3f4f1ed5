// Package initcodec is the wire format of a container init's config: what
// the runtime's parent sends the init (or exec's stage-2) on its fd 3, a
// pipe. Config holds the trimmed spec (TrimSpec: what the init mounts,
// masks and sets), the rootfs mounts, namespaces to join and the seccomp
// program; Marshal and Unmarshal encode it in a small binary format rather
// than JSON, so a new process decodes it without building encoding/json's
// reflection decoders on the critical path of every start (codec.go tells
// the format). Parent and init come from one build, so the format keeps no
// compatibility. It is pure: no syscalls, the caller reads and writes the
// pipe.
package initcodec
