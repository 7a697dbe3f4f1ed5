package monitor

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/procfs"
)

// fakeTarget "runs" a container that prints a line and exits with code.
type fakeTarget struct {
	code   int
	starts atomic.Int32
}

type fakeRun struct{ code int }

func (t *fakeTarget) Start(_ context.Context, out, _ *os.File) (Running, error) {
	n := t.starts.Add(1)
	o, _ := os.OpenFile("/proc/self/fd/"+itoa(int(out.Fd())), os.O_WRONLY, 0)
	o.WriteString("run " + itoa(int(n)) + "\n")
	o.Close()
	return fakeRun{t.code}, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func (fakeRun) Pid() int                                            { return os.Getpid() }
func (fakeRun) Console() *os.File                                   { return nil }
func (r fakeRun) Wait() (ExitStatus, error)                         { return ExitStatus{Code: r.code}, nil }
func (fakeRun) Signal(syscall.Signal) error                         { return nil }
func (fakeRun) Exec(context.Context, []string) (int, []byte, error) { return 0, nil, nil }
func (fakeRun) Kill() error                                         { return nil }
func (fakeRun) Teardown() (bool, error)                             { return false, nil }

func TestRunRestartsOnFailureTwice(t *testing.T) {
	tests := []struct {
		policy     string
		code       int
		wantStarts int32
	}{
		{"on-failure:2", 3, 3},
		{"on-failure:2", 0, 1},
		{"no", 1, 1},
	}
	for _, tt := range tests {
		s, _ := container.Open(layout.New(t.TempDir(), ""))
		rec := &container.Record{}
		if err := s.Create(rec); err != nil {
			t.Fatal(err)
		}
		p, _ := ParsePolicy(tt.policy)
		tg := &fakeTarget{code: tt.code}
		if err := Run(context.Background(), Config{ID: rec.ID, Store: s, Target: tg, Policy: p}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(rec.ID)
		if tg.starts.Load() != tt.wantStarts || got.State.Status != container.StatusExited ||
			got.State.ExitCode != tt.code || got.RestartCount != int(tt.wantStarts-1) {
			t.Errorf("%s code %d: starts %d, state %+v, restarts %d", tt.policy, tt.code, tg.starts.Load(), got.State, got.RestartCount)
		}
		b, _ := os.ReadFile(s.Layout().LogFile(rec.ID))
		if n := strings.Count(string(b), `"stream":"stdout"`); n != int(tt.wantStarts) {
			t.Errorf("%s: %d log lines: %s", tt.policy, n, b)
		}
	}
}

func TestNextHealth(t *testing.T) {
	tests := []struct {
		cur     string
		streak  int
		ok      bool
		inStart bool
		want    string
		wantStr int
	}{
		{"starting", 0, true, false, "healthy", 0},
		{"healthy", 1, false, false, "healthy", 2},
		{"healthy", 2, false, false, "unhealthy", 3},
		{"starting", 0, false, true, "starting", 0},
		{"unhealthy", 5, true, false, "healthy", 0},
	}
	for _, tt := range tests {
		s := tt.streak
		if got := nextHealth(tt.cur, &s, tt.ok, 3, tt.inStart); got != tt.want || s != tt.wantStr {
			t.Errorf("nextHealth(%+v) = %s, %d", tt, got, s)
		}
	}
}

// TestClaim: the monitor writes its pid into the record, unless the record
// names it already (tent started it early and wrote it): then the record
// is not rewritten.
func TestClaim(t *testing.T) {
	self, err := procfs.ReadStat(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		state   container.State
		rewrite bool
	}{
		{"no monitor yet", container.State{}, true},
		{"named already", container.State{MonitorPid: os.Getpid(), MonitorStart: self.StartTime}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := container.Open(layout.New(t.TempDir(), ""))
			rec := &container.Record{State: tt.state}
			if err := s.Create(rec); err != nil {
				t.Fatal(err)
			}
			// A write replaces the file: a new one, dated now.
			old := time.Unix(1e9, 0)
			if err := os.Chtimes(s.Layout().RecordFile(rec.ID), old, old); err != nil {
				t.Fatal(err)
			}
			// As run does: the record as read at the start decides.
			m := newMonitor(Config{ID: rec.ID, Store: s, claimed: namesThisProcess(rec.State)})
			if err := m.claim(); err != nil {
				t.Fatal(err)
			}
			got, _ := s.Get(rec.ID)
			if got.State.MonitorPid != os.Getpid() || got.State.MonitorStart != self.StartTime {
				t.Errorf("record names monitor %d (start %d), want %d (%d)", got.State.MonitorPid, got.State.MonitorStart, os.Getpid(), self.StartTime)
			}
			fi, err := os.Stat(s.Layout().RecordFile(rec.ID))
			if err != nil {
				t.Fatal(err)
			}
			if rewritten := !fi.ModTime().Equal(old); rewritten != tt.rewrite {
				t.Errorf("record rewritten: %v, want %v", rewritten, tt.rewrite)
			}
		})
	}
}
