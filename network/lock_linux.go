package network

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/internal/flock"
)

// lock takes the manager's exclusive flock (<root>/lock). The kernel drops it
// when the process dies, so a killed CLI never leaves it held. The root is
// 0700 (made so if an older tent left it 0755) and the lock 0600: another
// user could otherwise open the lock and hold it, stalling every
// networked run.
func (m *Manager) lock() (unlock func(), err error) {
	if err := os.MkdirAll(m.root, 0o700); err != nil {
		return nil, fmt.Errorf("network root: %w", err)
	}
	if err := os.Chmod(m.root, 0o700); err != nil {
		return nil, fmt.Errorf("network root: %w", err)
	}
	return flock.Path(filepath.Join(m.root, "lock"), 0o600, flock.Exclusive)
}
