package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/atomicfile"
	"github.com/tent-dev/tent/internal/flock"
)

// dmzName is the trampoline under the runtime root: a read-only bind mount
// of dmzName+".elf" (made as initExe makes the init's), so that a process
// that reaches it through /proc/<pid>/exe cannot open it for writing.
const dmzName = ".exec-dmz"

var errNoDMZ = errors.New("no exec trampoline for this arch")

// dmzMode: execute only (see execdmz.go: the process that execs it cannot
// read it, so it is not dumpable).
const dmzMode = 0o111

// openDMZ opens the trampoline: root/.exec-dmz (openProtectedELF).
func openDMZ(root string) (*os.File, error) {
	elf := dmzELF()
	if elf == nil {
		return nil, errNoDMZ
	}
	f, err := openProtectedELF(root, dmzName, elf)
	if err != nil {
		return nil, fmt.Errorf("exec trampoline: %w", err)
	}
	return f, nil
}

// openProtectedELF opens root/name, checked to be a read-only mount
// holding exactly elf with dmzMode; made (or remade) under an flock of
// root when it is not. The exec trampoline and the static init are made
// so.
func openProtectedELF(root, name string, elf []byte) (*os.File, error) {
	mnt := filepath.Join(root, name)
	if f := openDMZCurrent(mnt, elf); f != nil {
		return f, nil
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, err
	}
	unlock, err := flock.Dir(root, flock.Exclusive)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if f := openDMZCurrent(mnt, elf); f != nil { // made meanwhile
		return f, nil
	}
	src := mnt + ".elf"
	if err := atomicfile.WriteFile(src, elf, dmzMode); err != nil {
		return nil, err
	}
	if err := mountProtected(src, mnt); err != nil {
		return nil, fmt.Errorf("%s: %w", mnt, err)
	}
	if f := openDMZCurrent(mnt, elf); f != nil {
		return f, nil
	}
	return nil, fmt.Errorf("%s is not a read-only view of it", mnt)
}

// openDMZCurrent opens mnt when it is on a read-only mount, has dmzMode
// and holds elf (an older trampoline, or one of mode 0555, is remade).
func openDMZCurrent(mnt string, elf []byte) *os.File {
	f, err := os.OpenFile(mnt, os.O_RDONLY|unix.O_NOFOLLOW, 0)
	if err != nil {
		return nil
	}
	var fs unix.Statfs_t
	var st unix.Stat_t
	b := make([]byte, len(elf)+1)
	n, _ := io.ReadFull(f, b)
	if unix.Fstatfs(int(f.Fd()), &fs) != nil || fs.Flags&unix.ST_RDONLY == 0 || !bytes.Equal(b[:n], elf) ||
		unix.Fstat(int(f.Fd()), &st) != nil || st.Mode&0o7777 != dmzMode {
		f.Close()
		return nil
	}
	return f
}

// removeDMZ unmounts and removes the trampoline and the static init
// (RemoveInitBinary).
func removeDMZ(root string) error {
	for _, name := range []string{dmzName, sinitName} {
		mnt := filepath.Join(root, name)
		unmountStacked(mnt)
		for _, p := range []string{mnt, mnt + ".elf"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("remove %s: %w", name, err)
			}
		}
	}
	return nil
}
