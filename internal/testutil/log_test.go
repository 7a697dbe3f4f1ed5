package testutil

import "testing"

func TestDebugLogger(t *testing.T) {
	l, h := DebugLogger()
	l.Debugf("mount %s", "proc")
	l.WithField("pkg", "runtime").Debug("exec")
	if got := Messages(h); got != "mount proc\nexec\n" {
		t.Fatalf("Messages = %q", got)
	}
}
