package debuglog

import (
	"fmt"
	"testing"
)

type lines []string

func (s *lines) Debugf(f string, a ...any) { *s = append(*s, fmt.Sprintf(f, a...)) }

func TestLog(t *testing.T) {
	var zero Log
	if zero.On() {
		t.Fatal("zero Log is on")
	}
	zero.Debugf("dropped %d", 1) // must not panic
	if New(nil).On() {
		t.Fatal("New(nil) is on")
	}
	var got lines
	l := New(&got)
	if !l.On() {
		t.Fatal("New(logger) is off")
	}
	l.Debugf("mount %s → %s", "proc", "/proc")
	if l.Logger() == nil || zero.Logger() != nil {
		t.Fatal("Logger() does not give the wrapped logger")
	}
	if len(got) != 1 || got[0] != "mount proc → /proc" {
		t.Fatalf("got %q", got)
	}
}

func TestOffAllocatesNothing(t *testing.T) {
	var l Log
	n := testing.AllocsPerRun(100, func() {
		if l.On() {
			l.Debugf("%s %d", "x", 12345)
		}
	})
	if n != 0 {
		t.Fatalf("%v allocations with the Log off", n)
	}
}
