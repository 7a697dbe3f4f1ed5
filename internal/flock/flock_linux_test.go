package flock

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

func TestLockConflicts(t *testing.T) {
	tests := []struct {
		name        string
		held, tried How
		wantBlocked bool
	}{
		{"exclusive blocks exclusive", Exclusive, Exclusive, true},
		{"exclusive blocks shared", Exclusive, Shared, true},
		{"shared blocks exclusive", Shared, Exclusive, true},
		{"shared allows shared", Shared, Shared, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, lock := range []struct {
				name string
				take func(How) (func(), error)
			}{
				{"path", func(h How) (func(), error) { return Path(filepath.Join(dir, "lock"), 0o600, h) }},
				{"dir", func(h How) (func(), error) { return Dir(dir, h) }},
			} {
				unlock, err := lock.take(tt.held)
				if err != nil {
					t.Fatalf("%s: first lock: %v", lock.name, err)
				}
				// Each call opens its own fd: a second open file description
				// conflicts as another process would.
				unlock2, err := lock.take(tt.tried | NonBlock)
				if blocked := errors.Is(err, unix.EWOULDBLOCK); blocked != tt.wantBlocked || (err != nil && !blocked) {
					t.Errorf("%s: second lock: %v, want blocked %v", lock.name, err, tt.wantBlocked)
				}
				if unlock2 != nil {
					unlock2()
				}
				unlock()
				again, err := lock.take(tt.tried | NonBlock)
				if err != nil {
					t.Errorf("%s: lock after unlock: %v", lock.name, err)
				} else {
					again()
				}
			}
		})
	}
}

func TestPathCreatesWithPerm(t *testing.T) {
	old := unix.Umask(0)
	defer unix.Umask(old)
	tests := []struct {
		perm os.FileMode
	}{{0o600}, {0o644}}
	for _, tt := range tests {
		p := filepath.Join(t.TempDir(), "lock")
		unlock, err := Path(p, tt.perm, Exclusive)
		if err != nil {
			t.Fatal(err)
		}
		unlock()
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != tt.perm {
			t.Errorf("Path(%v): mode %v, %v", tt.perm, fi.Mode(), err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []struct {
		name string
		take func() (func(), error)
	}{
		{"path in a missing dir", func() (func(), error) { return Path(filepath.Join(missing, "lock"), 0o600, Exclusive) }},
		{"missing dir", func() (func(), error) { return Dir(missing, Exclusive) }},
	}
	for _, tt := range tests {
		if _, err := tt.take(); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v, want ErrNotExist", tt.name, err)
		}
	}
}
