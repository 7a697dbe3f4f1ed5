package engine

import (
	"strings"
	"testing"
)

func TestHostDevices(t *testing.T) {
	devs, err := hostDevices("/dev")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range devs {
		seen[d.Path] = true
		if strings.HasPrefix(d.Path, "/dev/pts/") || d.Path == "/dev/console" || d.Path == "/dev/ptmx" {
			t.Errorf("%s listed", d.Path)
		}
		if d.Type != "c" && d.Type != "b" || d.FileMode == nil || d.UID == nil || d.GID == nil {
			t.Errorf("%+v: incomplete", d)
		}
	}
	if !seen["/dev/null"] {
		t.Fatalf("no /dev/null in %d devices", len(devs))
	}
}

func TestWantsAllCapabilities(t *testing.T) {
	for _, tc := range []struct {
		o    RunOptions
		want bool
	}{
		{RunOptions{}, false},
		{RunOptions{Privileged: true}, true},
		{RunOptions{CapAdd: []string{"NET_ADMIN", " all"}}, true},
		{RunOptions{CapAdd: []string{"NET_ADMIN"}, CapDrop: []string{"ALL"}}, false},
	} {
		if got := wantsAllCapabilities(tc.o); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.o, got, tc.want)
		}
	}
}
