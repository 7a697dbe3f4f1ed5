package network

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/internal/flock"
)

// lock takes the manager's exclusive flock (<root>/lock). The kernel drops it
// when the process dies, so a killed CLI never leaves it held.
func (m *Manager) lock() (unlock func(), err error) {
	if err := os.MkdirAll(m.root, 0o755); err != nil {
		return nil, fmt.Errorf("network root: %w", err)
	}
	return flock.Path(filepath.Join(m.root, "lock"), 0o644, flock.Exclusive)
}
