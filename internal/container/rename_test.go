package container

import (
	"errors"
	"testing"

	"github.com/tent-dev/tent/internal/layout"
)

func TestRename(t *testing.T) {
	s, err := Open(layout.New(t.TempDir(), ""))
	if err != nil {
		t.Fatal(err)
	}
	// Names that are no hex prefix of an id: Get would take "a" for one.
	a, b := &Record{Name: "alpha"}, &Record{Name: "bravo"}
	for _, r := range []*Record{a, b} {
		if err := s.Create(r); err != nil {
			t.Fatal(err)
		}
	}
	old, err := s.Rename(a.ID, "charlie")
	if err != nil || old != "alpha" {
		t.Fatalf("rename alpha → charlie: %q, %v", old, err)
	}
	if got, err := s.Get("charlie"); err != nil || got.ID != a.ID || got.Name != "charlie" {
		t.Fatalf("get charlie: %+v, %v", got, err)
	}
	if _, err := s.Get("alpha"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old name still resolves: %v", err)
	}
	for _, tc := range []struct {
		name string
		want error
	}{{"bravo", ErrNameInUse}, {"charlie", nil}, {"", nil}, {"bad/name", nil}, {"-x", nil}} {
		_, err := s.Rename(a.ID, tc.name)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("rename to %q: %v, want an error (%v)", tc.name, err, tc.want)
		}
	}
	if got, _ := s.Get(a.ID); got.Name != "charlie" {
		t.Errorf("a failed rename changed the name: %q", got.Name)
	}
	if _, err := s.Rename(a.ID, "alpha"); err != nil { // the old name is free again
		t.Fatal(err)
	}
}
