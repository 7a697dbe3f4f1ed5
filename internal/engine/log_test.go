package engine

import (
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	logtest "github.com/sirupsen/logrus/hooks/test"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/testutil"
)

func TestNewHandsOutLoggers(t *testing.T) {
	e, err := New(t.TempDir(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if e.log.On() || e.loggers.logger("image") != nil {
		t.Fatal("an engine made without WithLoggers logs")
	}
	l, _ := logtest.NewNullLogger()
	var asked []string
	e, err = New(t.TempDir(), t.TempDir(), WithLoggers(func(pkg string) debuglog.Logger {
		asked = append(asked, pkg)
		return l
	}))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(asked)
	if got := strings.Join(asked, " "); got != "engine image network runtime" || !e.log.On() {
		t.Errorf("loggers asked for %q, engine log on %v", got, e.log.On())
	}
}

func TestRunLogs(t *testing.T) {
	env := newTestEnv(t)
	l, h := testutil.DebugLogger()
	env.e.log = debuglog.New(l)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"/bin/app"}})
	stdio, _ := testStdio(t)
	if code, err := env.e.Run(t.Context(), RunOptions{Image: testRef, Name: "web", Rm: true}, stdio); err != nil || code != 0 {
		t.Fatalf("run: %d, %v", code, err)
	}
	out := testutil.Messages(h)
	for _, want := range []string{": name web, image " + testRef + " (sha256:", "rm true", ": exited with code 0 "} {
		if !strings.Contains(out, want) {
			t.Errorf("no line with %q in\n%s", want, out)
		}
	}
}
