package runtime

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"
)

// sinitName is the static init under the runtime root: a read-only bind
// mount of sinitName+".elf", execute only (dmzMode), made as the exec
// trampoline is (openProtectedELF).
const sinitName = ".static-init"

var errNoSinit = errors.New("no static init for this arch")

// sinitExe is the path of the static init under root, made if missing.
func sinitExe(root string) (string, error) {
	elf := sinitELF()
	if elf == nil {
		return "", errNoSinit
	}
	f, err := openProtectedELF(root, sinitName, elf)
	if err != nil {
		return "", fmt.Errorf("static init: %w", err)
	}
	f.Close()
	return f.Name(), nil
}

// sinitExeReady is sinitExe when the file is already made; otherwise it
// fails, making nothing (SpawnOpts.NoSetup).
func sinitExeReady(root string) (string, error) {
	elf := sinitELF()
	if elf == nil {
		return "", errNoSinit
	}
	f := openDMZCurrent(filepath.Join(root, sinitName), elf)
	if f == nil {
		return "", fmt.Errorf("static init: %s is not ready", filepath.Join(root, sinitName))
	}
	f.Close()
	return f.Name(), nil
}

// staticSpawn says whether an init cloned with flags, and a terminal or
// not, is the static init: namespaces it can set up (a new mount and pid
// namespace; no user namespace), no terminal, and a host where its
// finalize works as the Go init's: close_range(2) (Linux 5.11) and
// CAP_SETPCAP held (the bounding set's drops).
func staticSpawn(flags uintptr, terminal bool) bool {
	const need = unix.CLONE_NEWNS | unix.CLONE_NEWPID
	return !terminal && flags&^staticAllowedNS == 0 && flags&need == need && sinitHostOK()
}

var sinitHostOK = sync.OnceValue(func() bool {
	if err := unix.CloseRange(math.MaxInt32, math.MaxInt32, unix.CLOSE_RANGE_CLOEXEC); err != nil {
		return false
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return false
	}
	return data[0].Effective&(1<<unix.CAP_SETPCAP) != 0
})
