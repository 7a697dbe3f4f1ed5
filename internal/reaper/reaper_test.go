package reaper

import (
	"io"
	"testing"
)

func TestMainExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"--", "true"}, 0},
		{"status", []string{"--", "sh", "-c", "exit 3"}, 3},
		{"signal", []string{"--", "sh", "-c", "kill -9 $$"}, 137},
		{"not found", []string{"--", "no-such-command-xyz"}, 127},
		{"not executable", []string{"--", "/etc/passwd"}, 126},
		{"empty", []string{"--"}, 126},
		{"orphans reaped", []string{"--", "sh", "-c", "sleep 0.1 & exit 5"}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Main(tc.args, io.Discard); got != tc.want {
				t.Fatalf("Main(%q) = %d, want %d", tc.args, got, tc.want)
			}
		})
	}
}
