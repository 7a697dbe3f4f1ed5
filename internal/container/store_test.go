package container

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/procfs"
)

func TestCreateGetByIDNamePrefix(t *testing.T) {
	s, err := Open(layout.New(t.TempDir(), ""))
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
	s, _ := Open(layout.New(t.TempDir(), ""))
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
	s, _ := Open(layout.New(t.TempDir(), ""))
	r := &Record{Name: "db"}
	if err := s.Create(r); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(r.ID, func(r *Record) error { r.State.Status = StatusExited; r.State.ExitCode = 3; return nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := s.Update(r.ID, func(r *Record) error { r.State.Status = "x"; return boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got, _ := s.Get("db"); got.State.ExitCode != 3 {
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
	for name, ok := range map[string]bool{"web": true, "a.b-c_1": true, "-x": false, "a/b": false, "": false,
		"0": true, "Z9": true, "_x": false, ".x": false, "x y": false, "é": false, "x\n": false,
		strings.Repeat("a", 255): true, strings.Repeat("a", 256): false} {
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

func TestReconcileDeadMonitor(t *testing.T) {
	s, _ := Open(layout.New(t.TempDir(), ""))
	r := &Record{}
	if err := s.Create(r); err != nil {
		t.Fatal(err)
	}
	// A pid that cannot exist (above pid_max) stands for a SIGKILLed monitor.
	_ = s.Update(r.ID, func(r *Record) error {
		r.State.Status, r.State.MonitorPid, r.State.Pid = StatusRunning, 1<<30, 1<<30
		return nil
	})
	got, err := s.Get(r.ID)
	if err != nil || got.State.Status != StatusExited || got.State.ExitCode != ExitUnknown {
		t.Fatalf("after dead monitor: %+v, %v", got.State, err)
	}
	st, _ := procfs.ReadStat(os.Getpid())
	self := st.StartTime
	_ = s.Update(r.ID, func(r *Record) error {
		r.State.Status, r.State.MonitorPid, r.State.MonitorStart = StatusRunning, os.Getpid(), self
		return nil
	})
	if got, _ := s.Get(r.ID); got.State.Status != StatusRunning {
		t.Fatalf("live monitor reconciled: %+v", got.State)
	}
	_ = s.Update(r.ID, func(r *Record) error { r.State.MonitorStart = self + 1; return nil })
	if got, _ := s.Get(r.ID); got.State.Status != StatusExited {
		t.Fatalf("reused pid taken as ours: %+v", got.State)
	}
}

// TestUpdateConcurrent: Updates of one record from many goroutines (each
// with its own lock fd, as separate processes) are serialized by the lock
// on the container's dir: no increment is lost, and no lock file is left.
func TestUpdateConcurrent(t *testing.T) {
	s, _ := Open(layout.New(t.TempDir(), ""))
	r := &Record{}
	if err := s.Create(r); err != nil {
		t.Fatal(err)
	}
	const n = 30
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Update(r.ID, func(r *Record) error { r.RestartCount++; return nil }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := s.Get(r.ID)
	if err != nil || got.RestartCount != n {
		t.Fatalf("RestartCount = %v (%v), want %d", got.RestartCount, err, n)
	}
	ents, _ := os.ReadDir(s.Layout().ContainerDir(r.ID))
	if len(ents) != 1 || filepath.Join(s.Layout().ContainerDir(r.ID), ents[0].Name()) != s.Layout().RecordFile(r.ID) {
		t.Errorf("container dir holds %v, want only %s", ents, s.Layout().RecordFile(r.ID))
	}
	if err := s.Update("0000000000000000000000000000000000000000000000000000000000000000", func(*Record) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing container: %v, want ErrNotFound", err)
	}
}

// An Update racing with Remove (volume rm's List reconciling a --rm run
// as it tears down) either comes first or finds the record gone: it never
// writes the record back into a dir being removed.
func TestUpdateRacesRemove(t *testing.T) {
	s, _ := Open(layout.New(t.TempDir(), ""))
	for i := range 200 {
		r := &Record{}
		if err := s.Create(r); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			for {
				err := s.Update(r.ID, func(r *Record) error { r.State.ExitCode++; return nil })
				if err != nil {
					if !errors.Is(err, ErrNotFound) {
						done <- fmt.Errorf("update: %w", err)
					}
					close(done)
					return
				}
			}
		}()
		err := s.Remove(r.ID)
		if uerr := <-done; uerr != nil {
			t.Fatalf("round %d: %v", i, uerr)
		}
		if err != nil {
			t.Fatalf("round %d: remove: %v", i, err)
		}
		if _, err := os.Stat(s.l.ContainerDir(r.ID)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("round %d: container dir left: %v", i, err)
		}
	}
}
