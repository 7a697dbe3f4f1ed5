package runtime

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestParseSignal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want unix.Signal
		err  bool
	}{
		{"9", unix.SIGKILL, false},
		{"KILL", unix.SIGKILL, false},
		{"SIGKILL", unix.SIGKILL, false},
		{"sigterm", unix.SIGTERM, false},
		{"hup", unix.SIGHUP, false},
		{"SIGRTMIN", 0, true}, // not in x/sys's table: refused, not guessed
		{"15", unix.SIGTERM, false},
		{"0", 0, true},
		{"65", 0, true},
		{"-1", 0, true},
		{"NOPE", 0, true},
		{"", 0, true},
	} {
		got, err := ParseSignal(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseSignal(%q) = %v, %v; want %v, err %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}
