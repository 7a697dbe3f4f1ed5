package runtime

// protectedExeName is the read-only bind mount of the init binary under the
// runtime root (init_exe_linux.go): every init and exec stage-2 runs it, so
// /proc/<pid>/exe of a process that entered a container is a read-only file
// (CVE-2019-5736).
const protectedExeName = ".init-exe"

// fileID is what tells whether the mount still shows the binary tent would
// run: a reinstalled binary is a new inode, an edited one a new size or
// mtime.
type fileID struct {
	dev, ino     uint64
	size, mtime  int64 // mtime in ns
	readOnlyPath bool  // the path is on a read-only mount
}

// protectedCurrent says whether the mount (mnt) may be run in place of the
// binary (src): the same file, seen through a read-only mount.
func protectedCurrent(src, mnt fileID) bool {
	return mnt.readOnlyPath && src.dev == mnt.dev && src.ino == mnt.ino &&
		src.size == mnt.size && src.mtime == mnt.mtime
}
