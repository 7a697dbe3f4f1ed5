package network

import (
	"os"
	"path/filepath"
	"testing"
)

// The network root is 0700 and its lock 0600, also where an older tent made
// the root 0755: no other user can open the lock and stall runs.
func TestLockModes(t *testing.T) {
	for _, pre := range []os.FileMode{0, 0o755} {
		root := filepath.Join(t.TempDir(), "network")
		if pre != 0 {
			if err := os.Mkdir(root, pre); err != nil {
				t.Fatal(err)
			}
			os.Chmod(root, pre)
		}
		m := &Manager{root: root}
		unlock, err := m.lock()
		if err != nil {
			t.Fatal(err)
		}
		unlock()
		for p, want := range map[string]os.FileMode{root: 0o700, filepath.Join(root, "lock"): 0o600} {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != want {
				t.Errorf("%s (made %o before): mode %o, want %o", p, pre, got, want)
			}
		}
	}
}
