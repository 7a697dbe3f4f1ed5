package trace

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOffIsNil(t *testing.T) {
	var tr *Tracer
	if tr.On() || !tr.Start().IsZero() || tr.Elapsed(time.Now()) != 0 || tr.With("x") != nil || tr.Laps() != nil {
		t.Fatal("a nil tracer does something")
	}
	tr.End("a", time.Time{})
	tr.Add("b", time.Second)
	var l *Laps
	l.Step("c")
	l.Add("d", time.Second)
	if tr.Steps() != nil || l.Steps() != nil {
		t.Fatal("a nil tracer recorded")
	}
}

func TestRecord(t *testing.T) {
	tests := []struct {
		name  string
		do    func(tr *Tracer)
		names []string
	}{
		{"end", func(tr *Tracer) { tr.End("open stores", tr.Start()) }, []string{"open stores"}},
		{"add", func(tr *Tracer) { tr.Add("  spawn init (alongside)", time.Millisecond) }, []string{"  spawn init (alongside)"}},
		{"with prefix, nested", func(tr *Tracer) {
			rt := tr.With("runtime")
			rt.Add("load spec", 0)
			rt.With("init").Add("rootfs", 0)
			tr.Add("runtime create", 0)
		}, []string{"load spec", "rootfs", "runtime create"}},
		{"laps", func(tr *Tracer) {
			l := tr.Laps()
			l.Step("state dir")
			l.Add("  init: mounts", time.Microsecond)
			l.Step("init setup")
		}, []string{"state dir", "  init: mounts", "init setup"}},
	}
	line := regexp.MustCompile(`^trace: (.{30,}?) +[0-9]+\.[0-9]{3} ms  \(t=[0-9]+\.[0-9]{3} ms\)$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			tr := New(&out)
			tt.do(tr)
			steps := tr.Steps()
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(steps) != len(tt.names) || len(lines) != len(tt.names) {
				t.Fatalf("steps %+v, output %q; want %q", steps, out.String(), tt.names)
			}
			for i, s := range steps {
				if s.Name != tt.names[i] || s.Dur < 0 || s.Start < -s.Dur || s.End() != s.Start+s.Dur {
					t.Errorf("step %d = %+v, want name %q", i, s, tt.names[i])
				}
				if i > 0 && s.End() < steps[i-1].End() {
					t.Errorf("step %d ends before step %d: %+v", i, i-1, steps)
				}
				m := line.FindStringSubmatch(lines[i])
				if m == nil || !strings.HasSuffix(strings.TrimRight(m[1], " "), tt.names[i]) {
					t.Errorf("line %q, want step %q in --trace's format", lines[i], tt.names[i])
				}
			}
		})
	}
}

func TestPrintFormat(t *testing.T) {
	var out bytes.Buffer
	tr := New(&out)
	tr.Add("x", 1234567*time.Nanosecond)
	want := regexp.MustCompile(`^trace: x {29}    1\.234 ms  \(t=[0-9]+\.[0-9]{3} ms\)\n$`)
	if !want.MatchString(out.String()) {
		t.Errorf("output %q", out.String())
	}
}

func TestRecordOnly(t *testing.T) {
	tr := New(nil)
	tr.Add("quiet", time.Millisecond)
	if s := tr.Steps(); len(s) != 1 || s[0].Dur != time.Millisecond {
		t.Errorf("steps %+v", s)
	}
}

func TestConcurrent(t *testing.T) {
	tr := New(nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				tr.With("g").Add("s", 0)
			}
		}()
	}
	wg.Wait()
	if n := len(tr.Steps()); n != 800 {
		t.Errorf("%d steps, want 800", n)
	}
}

// TestOffAllocates nothing: an untraced run pays no allocation for its
// steps (names built under On() are not built).
func TestOffAllocatesNothing(t *testing.T) {
	var tr *Tracer
	l := tr.Laps()
	n := testing.AllocsPerRun(100, func() {
		t0 := tr.Start()
		tr.End("x", t0)
		l.Step("y")
		if l.On() {
			l.Step(strings.Repeat("z", 3))
		}
		tr.With("runtime").AddAt("z", 0, 0)
		tr.Import("monitor", nil)
		_ = tr.Export()
		_ = l.Tracer().Base()
	})
	if n != 0 {
		t.Errorf("%v allocations per untraced run", n)
	}
}

// TestOneClock: a step of this process and one another process timed by
// Monotonic keep their order (the init's steps among the runtime's), with
// no offset between two origins read one after the other.
func TestOneClock(t *testing.T) {
	tr := New(nil)
	for i := 0; i < 1000; i++ {
		l := tr.Laps()
		l.Step("here")
		after := Monotonic()
		tr.AddAt("elsewhere", after, 0)
		tr.Add("here again", 0)
		s := tr.Steps()
		here, elsewhere, again := s[len(s)-3], s[len(s)-2], s[len(s)-1]
		if here.End() > elsewhere.Start || elsewhere.Start > again.Start {
			t.Fatalf("steps out of order: %+v, %+v, %+v", here, elsewhere, again)
		}
	}
}
