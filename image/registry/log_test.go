package registry

import (
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
	logtest "github.com/sirupsen/logrus/hooks/test"

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
	l, h := logtest.NewNullLogger()
	l.SetLevel(logrus.DebugLevel)
	got := mustPull(t, openStore(t), ref, WithLogger(l))
	var out strings.Builder
	for _, e := range h.AllEntries() {
		out.WriteString(e.Message + "\n")
	}
	for _, want := range []string{
		"pull " + ref + ": " + ref + " from " + reg,
		"pull " + ref + ": manifest " + reg + "/bb/log@sha256:",
		"pull " + ref + " → " + got.ID,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no line %q in\n%s", want, out.String())
		}
	}
}
