package engine

import (
	"slices"
	"testing"
)

func TestInfoHostFacts(t *testing.T) {
	if got := osRelease("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"); got != "Debian GNU/Linux 12 (bookworm)" {
		t.Errorf("osRelease: %q", got)
	}
	if got := osRelease("NAME=Alpine\n"); got != "Alpine" {
		t.Errorf("osRelease without PRETTY_NAME: %q", got)
	}
	opts := infoSecurityOptions("Name:\tx\nSeccomp:\t0\n", false)
	if !slices.Contains(opts, "name=seccomp,profile=builtin") || !slices.Contains(opts, "name=no-new-privileges") ||
		!slices.Contains(opts, "name=rootless") {
		t.Errorf("security options %v", opts)
	}
	if opts := infoSecurityOptions("Name:\tx\n", true); slices.Contains(opts, "name=seccomp,profile=builtin") || slices.Contains(opts, "name=rootless") {
		t.Errorf("no seccomp, root: %v", opts)
	}
	if fs := backingFS(t.TempDir()); fs == "" {
		t.Error("no backing filesystem name")
	}
}
