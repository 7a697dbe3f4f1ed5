package volume

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Open removes a crashed create's temporary dir, but never one another
// tent is filling under the lock.
func TestOpenLeavesTempDirsOfLockHolders(t *testing.T) {
	s := newStore(t)
	tmp := filepath.Join(s.l.VolumesDir(), tmpPrefix+"busy")
	opened := make(chan error, 1)
	err := s.WithLock(func(l Locked) error {
		if err := os.Mkdir(tmp, 0o700); err != nil {
			return err
		}
		go func() { _, err := Open(s.l); opened <- err }()
		time.Sleep(100 * time.Millisecond) // Open waits for the lock
		if _, err := os.Stat(tmp); err != nil {
			t.Errorf("Open removed a temporary dir while its maker held the lock: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-opened; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("Open left a crashed create's temporary dir: %v", err)
	}
}

// A check of the users and the remove are one step under WithLock: a
// Create waits for it.
func TestWithLockSerializesCreate(t *testing.T) {
	s := newStore(t)
	created := make(chan error, 1)
	err := s.WithLock(func(l Locked) error {
		go func() { _, _, err := s.Create("later", nil); created <- err }()
		time.Sleep(100 * time.Millisecond)
		if _, err := s.Get("later"); err == nil {
			t.Error("Create went on while another held the lock")
		}
		_, _, err := l.Create("inside", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-created; err != nil {
		t.Fatal(err)
	}
}
