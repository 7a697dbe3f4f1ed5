package engine

import (
	"context"
	"errors"
	"os"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime"
)

// TestRunForwardsSignals: a signal tent gets while the container runs goes
// to the container's init; the run ends with the init's 128+N.
func TestRunForwardsSignals(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	env.rt.configure = func(c *fakeContainer) {
		c.exited = make(chan struct{})
		c.onStart = func() { _ = unix.Kill(os.Getpid(), unix.SIGUSR2) }
		c.onSignal = func(sig unix.Signal, all bool) {
			if sig == unix.SIGUSR2 {
				c.status = runtime.ExitStatus{Code: 128 + int(sig), Signal: sig}
				close(c.exited)
			}
		}
	}
	stdio, _ := testStdio(t)
	code, err := env.e.Run(t.Context(), RunOptions{Image: testRef}, stdio)
	if code != 128+int(unix.SIGUSR2) || err != nil {
		t.Fatalf("run: %d, %v", code, err)
	}
	if !env.log.has("signal SIGUSR2 all=false") {
		t.Errorf("signal not forwarded: %q", env.log.list())
	}
}

// TestRunInterruptedDuringSetup: a signal during setup cancels it (here
// the network attach); nothing is started and everything is undone.
func TestRunInterruptedDuringSetup(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	env.nw.attach = func(ctx context.Context) error {
		_ = unix.Kill(os.Getpid(), unix.SIGHUP)
		<-ctx.Done()
		return ctx.Err()
	}
	stdio, _ := testStdio(t)
	code, err := env.e.Run(t.Context(), RunOptions{Image: testRef, Rm: true}, stdio)
	if code != 128+int(unix.SIGHUP) || !errors.Is(err, context.Canceled) {
		t.Fatalf("run: %d, %v; want 129, canceled", code, err)
	}
	if env.log.has("create") || env.log.has("start") || !env.log.has("detach") {
		t.Errorf("calls %q", env.log.list())
	}
	if recs, _ := env.e.Containers.List(); len(recs) != 0 {
		t.Errorf("--rm left %d records", len(recs))
	}
}
