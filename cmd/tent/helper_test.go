package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/logconf"
)

func TestHelperErr(t *testing.T) {
	failed := errors.New("exit status 1")
	tests := []struct {
		name     string
		runErr   error
		stderr   string
		wantErr  string // "" means nil
		wantPass string // what goes on to w
	}{
		{"ok", nil, "", "", ""},
		{"ok with a warning", nil, "warn\n", "", "warn\n"},
		{"error line", failed, "tent: pull x: unauthorized\n", "pull x: unauthorized", ""},
		{"warning, then error", failed, "warn\ntent: pull x: no\n", "pull x: no", "warn\n"},
		{"killed, silent", failed, "", "tent-image: exit status 1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w bytes.Buffer
			err := helperErr(tt.runErr, tt.stderr, &w)
			if got := errString(err); got != tt.wantErr {
				t.Errorf("error %q, want %q", got, tt.wantErr)
			}
			if w.String() != tt.wantPass {
				t.Errorf("passed on %q, want %q", w.String(), tt.wantPass)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestHelperArgs(t *testing.T) {
	old := g
	t.Cleanup(func() { g = old })
	tests := []struct {
		g    globals
		want string
	}{
		{globals{root: "/r", state: "/s"}, "--root /r --state /s pull -q x"},
		{globals{root: "/r", state: "/s", logs: logconf.Flags{Debug: true}}, "--root /r --state /s --debug pull -q x"},
		{globals{root: "/r", state: "/s", logs: logconf.Flags{Level: "info"}}, "--root /r --state /s pull -q x"},
		{globals{root: "/r", state: "/s", logs: logconf.Flags{Level: "warn"}}, "--root /r --state /s --log-level warn pull -q x"},
	}
	for _, tt := range tests {
		g = tt.g
		if got := strings.Join(helperArgs("pull", []string{"-q", "x"}), " "); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// TestImageHelperMissing: the test binary has no tent-image beside it.
func TestImageHelperMissing(t *testing.T) {
	if _, err := imageHelper(); err == nil || !strings.Contains(err.Error(), "tent-image not found beside") {
		t.Errorf("imageHelper: %v", err)
	}
}
