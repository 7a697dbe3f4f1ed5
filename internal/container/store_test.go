package container

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestCreateGetByIDNamePrefix(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := &Record{Name: "web", Image: "busybox"}
	if err := s.Create(r); err != nil {
		t.Fatal(err)
	}
	if !isFullID(r.ID) || r.State.Status != StatusCreated || r.Created.IsZero() {
		t.Fatalf("record not filled: %+v", r)
	}
	for _, ref := range []string{r.ID, "web", "/web", r.ID[:12], r.ID[:3]} {
		got, err := s.Get(ref)
		if err != nil || got.ID != r.ID {
			t.Errorf("Get(%q) = %v, %v", ref, got, err)
		}
	}
	for _, ref := range []string{"nope", "", "..", "../x", "zz"} {
		if _, err := s.Get(ref); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) err = %v, want ErrNotFound", ref, err)
		}
	}
	if err := s.Create(&Record{Name: "web"}); !errors.Is(err, ErrNameInUse) {
		t.Fatalf("second web: %v", err)
	}
}

func TestMatchPrefix(t *testing.T) {
	ids := []string{"abc1", "abc2", "def0"}
	tests := []struct {
		prefix, want string
		err          error
	}{
		{"abc1", "abc1", nil},
		{"d", "def0", nil},
		{"abc", "", ErrAmbiguous},
		{"f", "", ErrNotFound},
	}
	for _, tt := range tests {
		got, err := matchPrefix(ids, tt.prefix)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("matchPrefix(%q) = %q, %v; want %q, %v", tt.prefix, got, err, tt.want, tt.err)
		}
	}
}

func TestGeneratedNamesUniqueConcurrent(t *testing.T) {
	s, _ := Open(t.TempDir())
	var wg sync.WaitGroup
	recs := make([]*Record, 40)
	for i := range recs {
		recs[i] = &Record{}
		wg.Add(1)
		go func(r *Record) { defer wg.Done(); _ = s.Create(r) }(recs[i])
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range recs {
		if !strings.Contains(r.Name, "_") || seen[r.Name] {
			t.Errorf("bad or duplicate name %q", r.Name)
		}
		seen[r.Name] = true
	}
	all, err := s.List()
	if err != nil || len(all) != len(recs) {
		t.Fatalf("List = %d, %v", len(all), err)
	}
}

func TestUpdateRemoveFreesName(t *testing.T) {
	s, _ := Open(t.TempDir())
	r := &Record{Name: "db"}
	if err := s.Create(r); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(r.ID, func(r *Record) error { r.State.Status = StatusRunning; return nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := s.Update(r.ID, func(r *Record) error { r.State.Status = "x"; return boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got, _ := s.Get("db"); got.State.Status != StatusRunning {
		t.Fatalf("status %q", got.State.Status)
	}
	unlock, err := s.Lock(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if err := s.Remove(r.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(r.ID); err != nil {
		t.Fatalf("second remove: %v", err)
	}
	if err := s.Update(r.ID, func(*Record) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update removed: %v", err)
	}
	if err := s.Create(&Record{Name: "db"}); err != nil {
		t.Fatalf("name not freed: %v", err)
	}
}

func TestValidNameAndID(t *testing.T) {
	for name, ok := range map[string]bool{"web": true, "a.b-c_1": true, "-x": false, "a/b": false, "": false} {
		if ValidName(name) != ok {
			t.Errorf("ValidName(%q) != %v", name, ok)
		}
	}
	id, err := NewID()
	if err != nil || !isFullID(id) || allDigits(id[:12]) {
		t.Fatalf("NewID = %q, %v", id, err)
	}
	if n := RandomName(false); strings.Count(n, "_") != 1 {
		t.Fatalf("RandomName = %q", n)
	}
}
