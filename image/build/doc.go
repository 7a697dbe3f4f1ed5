// Package build is tent build: a Dockerfile and a context dir become an
// image in tent's store, with tent's own runtime running the RUN steps (no
// daemon, no other engine). cmd/tent-image links it; tent execs that
// helper, so tent itself links neither buildkit's parser nor this code.
//
// Front end (frontend.go, meta.go, stage.go; pure): buildkit's Dockerfile
// parser and typed instructions, its shell lexer for ARG and ENV expansion
// (global ARGs for FROM, per-stage scopes, --build-arg), and the
// instructions that only change the image config: ENV, LABEL, EXPOSE,
// USER, VOLUME, CMD, ENTRYPOINT, HEALTHCHECK (NONE too), SHELL,
// STOPSIGNAL, ONBUILD (recorded), ARG, MAINTAINER. Errors name the line:
// "Dockerfile:7: COPY failed: …".
//
// Steps that make a layer (steps.go, copystep.go):
//   - RUN (shell or exec form; heredocs as buildkit reads them) runs through a Runner (tent-image gives it the engine: a
//     container of an intermediate image holding the stage's layers, with
//     the stage's env, user, workdir and the build's network); the
//     container's upper dir is the layer (rootfs/layerdiff).
//   - COPY, ADD and WORKDIR's mkdir run in a mount namespace of their own,
//     on a thread that exits with it (mountns_linux.go: unshare(2),
//     mount(2) of an overlay of the stage's layers and a fresh upper dir),
//     so nothing stays mounted whatever happens. Destinations resolve in
//     the stage's root and sources in the context (or the --from stage's
//     root) with pathrs-lite (openat2 RESOLVE_IN_ROOT); files are created
//     with *at calls on their parent's fd, never through a symlink. A
//     source outside the context is refused. .dockerignore follows
//     Docker's rules (patternmatcher, "!" exceptions). ADD extracts a
//     local tar with rootfs.Unpack and downloads a URL (with --checksum).
//
// Cache (cache.go): each step's key chains the parent's key (the base
// image id, then every instruction after expansion), and for COPY/ADD the
// hash of the copied files' paths, modes, owners and bytes (not mtimes);
// RUN's key has its argv, env (ARGs in scope included), user and workdir.
// An entry names the layer in the image store and an intermediate image
// (hidden by tent images, removed by tent builder prune) that keeps it.
//
// Syscalls of its own: unshare, mount, openat2/openat, mkdirat,
// unlinkat, symlinkat, mknodat, fchown(at), fchmod, utimensat, fstat(at),
// getdents64, readlinkat.
package build
