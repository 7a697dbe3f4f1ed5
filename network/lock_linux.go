package network

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// lock takes the manager's exclusive flock (<root>/lock). The kernel drops it
// when the process dies, so a killed CLI never leaves it held.
func (m *Manager) lock() (unlock func(), err error) {
	if err := os.MkdirAll(m.root, 0o755); err != nil {
		return nil, fmt.Errorf("network root: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(m.root, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock: %w", err)
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	return func() { f.Close() }, nil
}
