package image

import (
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs/compression"
)

func TestLogsNothingByDefault(t *testing.T) {
	s := openStore(t)
	if s.opts.log.On() {
		t.Fatal("a store opened without WithLogger logs")
	}
}

func TestLogsResolve(t *testing.T) {
	l, h := testutil.DebugLogger()
	s, err := Open(t.TempDir(), WithLogger(l), WithDecompressor(compression.Decompress))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve("nosuch:1"); err == nil {
		t.Fatal("resolved a missing image")
	}
	if got := testutil.Messages(h); !strings.Contains(got, "resolve nosuch:1: ") {
		t.Errorf("logged %q", got)
	}
}

func TestLogsLoadAndRemove(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	l, h := testutil.DebugLogger()
	s, err := Open(t.TempDir(), WithLogger(l), WithDecompressor(compression.Decompress))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := testimage.Busybox()
	got := mustLoad(t, s, "example.com/bb:1", img)
	mustLoad(t, s, "example.com/bb:1", img) // the layers are there now
	if _, err := s.Resolve("example.com/bb:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Remove("example.com/bb:1", false); err != nil {
		t.Fatal(err)
	}
	out := testutil.Messages(h)
	for _, want := range []string{
		"layer " + got.DiffIDs[0] + ": fetch ",
		"layer " + got.DiffIDs[0] + ": already in the store",
		"/layer." + strings.TrimPrefix(got.DiffIDs[0], "sha256:") + ".",
		"ingest " + got.ID + ": committed as [example.com/bb:1]",
		"resolve example.com/bb:1 → " + got.ID,
		"remove example.com/bb:1 (force false): untagged [example.com/bb:1]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no line %q in\n%s", want, out)
		}
	}
}
