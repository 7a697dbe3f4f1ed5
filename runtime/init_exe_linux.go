package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/flock"
)

// initExe returns what an init or exec stage-2 runs: root/.init-exe, a
// read-only bind mount of initBinary() made once (per boot, per state root)
// and checked against it before every use: stat(2) and statfs(2) of the
// mount, against the stat that chose the binary. A stale mount (binary
// reinstalled or edited, state root recreated, mount gone) is replaced
// under an flock of root.
//
// A container process can open /proc/<pid>/exe of an init or stage-2 (a
// `#!/proc/self/exe` script as its command makes the init's execve run the
// binary again, dumpable, inside the container); through the mount, an
// open for writing fails with EROFS. The mount is in the host's mount
// namespace, so the container cannot remount it.
func initExe(root string) (string, error) {
	if mnt, err := initExeReady(root); err == nil {
		return mnt, nil
	}
	src, mnt := initBinary(), filepath.Join(root, protectedExeName)
	if src.err != nil {
		return "", fmt.Errorf("protect init binary: %w", src.err)
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", fmt.Errorf("protect init binary: %w", err)
	}
	unlock, err := flock.Dir(root, flock.Exclusive)
	if err != nil {
		return "", fmt.Errorf("protect init binary: %w", err)
	}
	defer unlock()
	// The binary again, not the stat of this process's start: a long-lived
	// process (a monitor's health checks) outlives a reinstall.
	if src, err = statSource(src.path); err != nil {
		return "", fmt.Errorf("protect init binary: %w", err)
	}
	if ok, _ := protectedOK(src.id, mnt); ok { // another process made it meanwhile
		return mnt, nil
	}
	if err := mountProtected(src.path, mnt); err != nil {
		return "", fmt.Errorf("protect init binary %s: %w", src.path, err)
	}
	if ok, err := protectedOK(src.id, mnt); !ok {
		return "", fmt.Errorf("protect init binary %s: %s is not a read-only view of it (reinstalled meanwhile? %v)", src.path, mnt, err)
	}
	return mnt, nil
}

// initExeReady is initExe when root/.init-exe is already a current
// read-only view of the init binary; otherwise it fails, making nothing.
func initExeReady(root string) (string, error) {
	src, mnt := initBinary(), filepath.Join(root, protectedExeName)
	if src.err != nil {
		return "", fmt.Errorf("protect init binary: %w", src.err)
	}
	if ok, err := protectedOK(src.id, mnt); !ok {
		return "", fmt.Errorf("protect init binary: %s is not ready (%v)", mnt, err)
	}
	return mnt, nil
}

// protectedOK checks that mnt is a current read-only view of the file src.
func protectedOK(src fileID, mnt string) (bool, error) {
	var st unix.Stat_t
	if err := unix.Stat(mnt, &st); err != nil {
		return false, &os.PathError{Op: "stat", Path: mnt, Err: err}
	}
	var fs unix.Statfs_t
	if err := unix.Statfs(mnt, &fs); err != nil {
		return false, &os.PathError{Op: "statfs", Path: mnt, Err: err}
	}
	m := idOf(&st)
	m.readOnlyPath = fs.Flags&unix.ST_RDONLY != 0
	return protectedCurrent(src, m), nil
}

func idOf(st *unix.Stat_t) fileID {
	return fileID{dev: st.Dev, ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano()}
}

// maxStacked bounds the unmounts of stale mounts stacked on mnt.
const maxStacked = 64

// unmountStacked detaches every mount stacked on mnt (at most maxStacked).
func unmountStacked(mnt string) {
	for i := 0; i < maxStacked; i++ {
		if err := unix.Unmount(mnt, unix.MNT_DETACH|unix.UMOUNT_NOFOLLOW); err != nil {
			break // EINVAL: not a mount point (any more); ENOENT: no file
		}
	}
}

// mountProtected replaces whatever is mounted on mnt by a read-only,
// nosuid, nodev bind mount of src. Stale mounts are detached: a process
// that runs one keeps its file.
func mountProtected(src, mnt string) error {
	unmountStacked(mnt)
	f, err := os.OpenFile(mnt, os.O_RDONLY|os.O_CREATE|unix.O_NOFOLLOW, 0o500)
	if err != nil {
		return err
	}
	f.Close()
	if err := unix.Mount(src, mnt, "", unix.MS_BIND, ""); err != nil {
		return &os.PathError{Op: "bind mount", Path: mnt, Err: err}
	}
	const ro = unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV
	if err := unix.Mount("", mnt, "", ro, ""); err != nil {
		_ = unix.Unmount(mnt, unix.MNT_DETACH)
		return &os.PathError{Op: "remount read-only", Path: mnt, Err: err}
	}
	return nil
}

// RemoveInitBinary unmounts and removes the read-only init binary (and
// exec's trampoline) under the runtime root, for whoever deletes the root (a test's temp dir, an
// uninstall). Containers running keep their file.
func (r *Runtime) RemoveInitBinary() error {
	mnt := filepath.Join(r.root, protectedExeName)
	unmountStacked(mnt)
	if err := os.Remove(mnt); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove init binary: %w", err)
	}
	return removeDMZ(r.root)
}
