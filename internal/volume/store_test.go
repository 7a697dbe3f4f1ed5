package volume

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/layout"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(layout.New(t.TempDir(), t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCreateGetListRemove(t *testing.T) {
	s := newStore(t)
	v, created, err := s.Create("data", map[string]string{"a": "b"})
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	if v.Driver != "local" || v.Mountpoint != s.l.VolumeData("data") || v.Labels["a"] != "b" || v.Anonymous() {
		t.Fatalf("volume %+v", v)
	}
	if fi, err := os.Stat(v.Mountpoint); err != nil || !fi.IsDir() {
		t.Fatalf("data dir: %v", err)
	}
	again, created, err := s.Create("data", nil)
	if err != nil || created || again.Labels["a"] != "b" {
		t.Fatalf("second create: %+v %v %v", again, created, err)
	}
	anon, _, err := s.Create("", nil)
	if err != nil || len(anon.Name) != 64 || !anon.Anonymous() {
		t.Fatalf("anonymous: %+v %v", anon, err)
	}
	list, err := s.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	if err := s.Remove("data", []string{"abc"}); !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "volume is in use - [abc]") {
		t.Fatalf("in use: %v", err)
	}
	if err := s.Remove("data", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("data"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get removed: %v", err)
	}
	if err := s.Remove("data", nil); !errors.Is(err, ErrNotFound) {
		t.Fatalf("remove twice: %v", err)
	}
}

func TestInvalidNames(t *testing.T) {
	s := newStore(t)
	for _, n := range []string{"a", "../x", "a/b", ".x", "-x", "x y"} {
		if _, _, err := s.Create(n, nil); err == nil {
			t.Errorf("%q: created", n)
		}
		if _, err := s.Get(n); !errors.Is(err, ErrNotFound) {
			t.Errorf("%q: get: %v", n, err)
		}
	}
}

func TestOpenRemovesLeftovers(t *testing.T) {
	s := newStore(t)
	for _, d := range []string{tmpPrefix + "1", rmPrefix + "2"} {
		if err := os.MkdirAll(filepath.Join(s.l.VolumesDir(), d, "x"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Open(s.l); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(s.l.VolumesDir())
	for _, e := range ents {
		if e.Name() != ".lock" {
			t.Errorf("left: %s", e.Name())
		}
	}
}

func TestSizeAndEmpty(t *testing.T) {
	s := newStore(t)
	v, _, _ := s.Create("v1", nil)
	if e, err := s.Empty("v1"); err != nil || !e {
		t.Fatalf("empty: %v %v", e, err)
	}
	if err := os.WriteFile(filepath.Join(v.Mountpoint, "f"), make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Empty("v1"); e {
		t.Fatal("not empty")
	}
	if n := s.Size("v1"); n != 100 {
		t.Fatalf("size %d", n)
	}
}
