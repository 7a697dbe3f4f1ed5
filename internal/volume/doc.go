// Package volume keeps tent's named and anonymous volumes, as Docker's
// "local" driver does: one directory per volume under the data root,
// <root>/volumes/<name>/, holding volume.json (name, labels, creation time)
// and _data/, the directory bind-mounted into containers.
//
// The plan is pure (plan.go): which names are valid (Docker's
// [a-zA-Z0-9][a-zA-Z0-9_.-]+), anonymous names (64 random hex digits, with
// Docker's com.docker.volume.anonymous label), `volume ls --filter` and the
// prune selection. The store (store.go) executes it: creations and removals
// are serialized by one flock(2) on <root>/volumes/.lock, a record is
// written to a temporary file and rename(2)d into place (atomicfile), and a
// volume is made in a temporary directory renamed to its name, so a crash
// never leaves half a volume (Open removes such leftovers, under the lock:
// another tent's create in progress holds it). Whether a volume is in use
// is the caller's (the engine knows the containers): Remove takes the
// users and refuses with "volume is in use - [ID]" when there are any.
// WithLock makes a check and what depends on it one step: a run creates
// its volumes and its container record in one, volume rm and prune read
// the users and remove in one, so a run never mounts a volume being
// removed.
//
// Syscalls: flock, mkdir, rename, openat, getdents64, lstat, unlinkat.
package volume
