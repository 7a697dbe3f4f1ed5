package registry

import (
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
)

func TestLogsNothingByDefault(t *testing.T) {
	if makeOptions(nil).log.On() {
		t.Fatal("Pull logs without WithLogger")
	}
}

func TestLogsPull(t *testing.T) {
	testutil.RequireRoot(t, unpackNeedsRoot)
	reg := testRegistry(t)
	img, err := testimage.Busybox()
	if err != nil {
		t.Fatal(err)
	}
	ref := reg + "/bb/log:1"
	push(t, ref, img)
	l, h := testutil.DebugLogger()
	got := mustPull(t, openStore(t), ref, WithLogger(l))
	out := testutil.Messages(h)
	for _, want := range []string{
		"pull " + ref + ": " + ref + " from " + reg,
		"pull " + ref + ": manifest " + reg + "/bb/log@sha256:",
		"pull " + ref + " → " + got.ID,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no line %q in\n%s", want, out)
		}
	}
}
