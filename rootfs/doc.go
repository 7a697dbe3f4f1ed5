// Package rootfs turns image layers into a container's root filesystem.
//
// It does three things, each planned in pure code and executed by a thin
// Linux layer:
//
// # Unpacking layers
//
// Its subpackage compression detects gzip, zstd or bzip2 and decompresses
// (kept apart so that the container's init does not link it). The image
// store streams a download through a digest check, compression.Decompress,
// a second digest (the layer's diffID) and Unpack in one pass.
//
// Unpack extracts one layer tar into a fresh directory that becomes an
// overlayfs lowerdir: files, directories, symlinks, hardlinks, devices and
// fifos, with numeric owners, modes (setuid/setgid/sticky included), xattrs
// (PAX SCHILY.xattr.*) and nanosecond times; directory modes and times are
// set last, after their contents. OCI whiteouts become overlayfs ones: a file
// .wh.NAME becomes a 0/0 character device NAME, and .wh..wh..opq in a
// directory sets trusted.overlay.opaque=y on it.
//
// Unpack is safe against hostile layers (the CVE-2021-32760 family). A name
// with a ".." component is refused with ErrUnsafePath; an absolute name is
// taken relative to the layer. Every parent directory is opened with
// openat2(RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS) relative to an O_PATH fd of
// the layer dir, so a symlink in a parent, absolute or relative, resolves as
// if the layer were "/" and can never lead outside. The final component is
// then created with an *at syscall on that parent fd and never followed:
// regular files are always new inodes (O_CREAT|O_EXCL|O_NOFOLLOW, after
// unlinking what was there), so a symlink or hardlink planted by an earlier
// entry is replaced, not written through; owners, modes and times go
// through the new file's fd or use AT_SYMLINK_NOFOLLOW (fchmodat2 for
// devices). Hardlink targets are resolved the same way, and linkat does not
// follow a symlink target. Parent fds are cached for the layer. On kernels
// without openat2 (before 5.6), filepath-securejoin's pathrs-lite resolves
// in the root instead, one O_PATH|O_NOFOLLOW component at a time.
//
// Unpack also bounds what a hostile layer can cost. A layer may unpack to at
// most DefaultMaxSize bytes (WithMaxSize; files at their full size, sparse
// ones included, and the tar stream itself) and hold at most
// DefaultMaxEntries entries (WithMaxEntries); data after the tar's end is
// bounded too. A file that would go over is refused before it is created,
// with ErrTooBig. Sparse files (GNU and PAX formats, which archive/tar reads
// with their holes as zeros) are written with holes: blocks of zeros are
// skipped and ftruncate sets the size.
//
// Syscalls: openat2, openat, mkdirat, mknodat, symlinkat, linkat, unlinkat,
// readlinkat, newfstatat, fchownat, fchown, fchmod, fchmodat2, utimensat,
// fsetxattr, lsetxattr (on symlinks, through /proc/self/fd), getdents64,
// write, pwrite64, ftruncate.
//
// ReadFileFromLayers reads one file, such as /etc/passwd for "-u name",
// from the merged view of unpacked layers without mounting them: it honors
// whiteouts and opaque directories and resolves symlinks in the merged view
// (lstat, lgetxattr, readlink, open O_NOFOLLOW).
//
// # Archiving in a root (tent cp)
//
// Archive writes a path inside a root fd as a tar stream: the path is
// opened with openat2(RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS) (OpenInRoot),
// everything below it with O_NOFOLLOW relative to its parent's fd, files
// are read through the fd that was checked (reopened non-blocking, same
// inode), so a symlink in the tree never leads out of the root. ForHost
// drops device nodes and setuid/setgid bits of what goes to the host.
// Unpack with WithoutWhiteouts is its counterpart for tars that are not
// layers. InPrivateMountNamespace runs a function on a locked thread that
// unshared its mount namespace (unshare(CLONE_FS|CLONE_NEWNS), mounts made
// slaves), so what it mounts is seen by no one and dies with the thread.
// Syscalls: openat2, openat, fstat, readlinkat, getdents64, read, unshare,
// mount.
//
// # Planning the overlay
//
// Overlay plans the overlay mount of an image's layers plus a container's
// upper and work dirs as []Mount, pure data that the runtime executes inside
// the container's own mount namespace. Mount options must fit in one page:
// the plan uses absolute lowerdirs when they fit, paths relative to the
// layers' parent (Mount.Chdir) when not, and one "lowerdir+" option per
// layer for the new mount API (fsopen/fsconfig/fsmount, Linux 6.8+) beyond.
// Nested rewrites such a plan for older kernels: read-only overlays of
// groups of layers that each fit a page, overlaid once more.
//
// # Mounting and pivot_root
//
// Apply executes planned mounts (mount, or fsopen, fsconfig, fsmount and
// move_mount; chdir/fchdir for relative lowerdirs) and ParseOptions maps
// OCI mount options to flags. Detach makes a plain overlay with the new
// mount API and attaches it nowhere (fsmount(2)); its Attach move_mounts
// it later into whatever mount namespace the caller is in by then. PivotRoot makes the container's rootfs the
// root of its mount namespace with pivot_root(".", "."), then makes the old
// root a recursive slave and detaches it (mount, umount2, chdir).
package rootfs
