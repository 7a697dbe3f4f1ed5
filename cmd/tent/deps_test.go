package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTentLinksNoBuildCode keeps the build's heavy parts out of the tent
// binary: tent build execs tent-image, which links buildkit's Dockerfile
// parser, patternmatcher and the build code.
func TestTentLinksNoBuildCode(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list -deps: %v (the go command is needed to list the binary's packages)", err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/moby/buildkit", "github.com/moby/patternmatcher", "github.com/tent-dev/tent/image/build"} {
			if strings.HasPrefix(p, banned) {
				t.Errorf("tent links %s: build code belongs in tent-image", p)
			}
		}
	}
}
