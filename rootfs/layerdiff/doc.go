// Package layerdiff turns an overlayfs upper directory into an OCI layer:
// the inverse of rootfs.Unpack's whiteout handling. It serves tent build
// (the layer of a RUN step), tent commit and tent diff.
//
// Walk reads the upper dir through file descriptors: every directory is
// opened with openat(O_DIRECTORY|O_NOFOLLOW) relative to its parent's fd,
// every entry is stat'ed with fstatat(AT_SYMLINK_NOFOLLOW), symlinks are
// read with readlinkat, and xattrs with llistxattr/lgetxattr on
// /proc/self/fd/DIRFD/NAME, so no symlink in the upper dir is ever
// followed. File content is opened later through pathrs-lite (openat2
// RESOLVE_IN_ROOT where the kernel has it) and checked by fstat to be the
// very inode Walk saw.
//
// Plan, pure code, orders the entries (each directory before its
// children, children sorted by name, so the same tree always gives the
// same tar) and maps overlayfs' markers to OCI ones: a 0/0 character
// device NAME becomes an empty file .wh.NAME, a directory with
// trusted.overlay.opaque=y gets a .wh..wh..opq entry right after it.
// Files with more than one link become one regular entry and hardlinks to
// it. Modes (setuid, setgid, sticky), numeric owners, mtimes (seconds) and
// xattrs (PAX SCHILY.xattr.*, except overlayfs' own trusted.overlay.*) are
// kept. An upper dir overlayfs wrote with redirect_dir or metacopy
// (trusted.overlay.redirect, trusted.overlay.metacopy) cannot be expressed
// as a plain layer and is refused.
//
// Write streams the planned tar, optionally gzip-compressed (by the
// writer the caller gives: rootfs/compression.GzipWriter, so that tent's
// diff, which links this package, does not link the compressor), computing the diffID (of the tar) and the digest
// and size (of the blob) while writing.
//
// Changes lists what a container changed, as docker diff prints it:
// A (added), C (changed), D (deleted), given a function that tells whether
// a path exists in the layers below (ExistsInLayers).
//
// Syscalls: openat, fstatat, getdents64, readlinkat, llistxattr,
// lgetxattr, openat2 (pathrs-lite), fstat, read.
package layerdiff
