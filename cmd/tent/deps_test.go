package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTentLinksNoBuildCode keeps the build's heavy parts out of the tent
// binary: tent build execs tent-image, which links buildkit's Dockerfile
// parser, patternmatcher and the build code. So do pull, push, load, save
// and commit: tent links no registry client, no image tarball code (nor
// go-digest, whose regexps compile at start), no (de)compressor and no
// progress bars, whose package inits every tent command would pay.
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
		for _, banned := range []string{"github.com/moby/buildkit", "github.com/moby/patternmatcher", "github.com/tent-dev/tent/image/build",
			"github.com/tent-dev/tent/image/registry", "github.com/tent-dev/tent/image/archive", "github.com/tent-dev/tent/image/progress",
			"github.com/tent-dev/tent/rootfs/compression", "github.com/opencontainers/go-digest", "github.com/klauspost/compress",
			"github.com/vbauerster/mpb", "github.com/google/go-containerregistry/pkg/name", "github.com/google/go-containerregistry/pkg/v1/tarball",
			"github.com/google/go-containerregistry/pkg/v1/partial", "net/http", "crypto/tls"} {
			if p == banned || strings.HasPrefix(p, banned+"/") {
				t.Errorf("tent links %s: it belongs in tent-image", p)
			}
		}
	}
}
