package engine

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
)

// liveContainer is a running container: a record whose init is a sleeper,
// and the runtime's state for it. exitOn are the signals on which it exits
// (as the monitor records it) with 128+N.
func liveContainer(t *testing.T, env *testEnv, o RunOptions, exitOn ...unix.Signal) *container.Record {
	t.Helper()
	img, err := env.e.Images.Resolve(testRef)
	if err != nil {
		img = env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	}
	o.Image = testRef
	rec := env.addRecord(t, img, o, running(t))
	c := env.rt.add(rec.ID)
	c.onSignal = func(sig unix.Signal, all bool) {
		for _, s := range exitOn {
			if s == sig {
				env.setStatus(rec.ID, container.StatusExited, 128+int(sig))
			}
		}
	}
	return rec
}

func intp(i int) *int { return &i }

func TestStop(t *testing.T) {
	for _, tc := range []struct {
		name    string
		o       RunOptions
		image   v1.Config
		timeout *int
		exitOn  []unix.Signal
		signals []string
	}{
		{name: "exits on SIGTERM", exitOn: []unix.Signal{unix.SIGTERM},
			signals: []string{"signal SIGTERM all=false"}},
		{name: "killed after the timeout", timeout: intp(0), exitOn: []unix.Signal{unix.SIGKILL},
			signals: []string{"signal SIGTERM all=false", "signal SIGKILL all=true"}},
		{name: "--stop-timeout", o: RunOptions{StopTimeout: intp(0)}, exitOn: []unix.Signal{unix.SIGKILL},
			signals: []string{"signal SIGTERM all=false", "signal SIGKILL all=true"}},
		{name: "--stop-signal", o: RunOptions{StopSignal: "INT"}, exitOn: []unix.Signal{unix.SIGINT},
			signals: []string{"signal SIGINT all=false"}},
		{name: "the image's STOPSIGNAL", image: v1.Config{Cmd: []string{"app"}, StopSignal: "SIGQUIT"}, exitOn: []unix.Signal{unix.SIGQUIT},
			signals: []string{"signal SIGQUIT all=false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			if tc.image.Cmd != nil {
				env.addImage(t, testRef, tc.image)
			}
			rec := liveContainer(t, env, tc.o, tc.exitOn...)
			if err := env.e.Stop(rec.Name, tc.timeout); err != nil {
				t.Fatal(err)
			}
			if got := env.log.only("signal"); !reflect.DeepEqual(got, tc.signals) {
				t.Errorf("signals %q, want %q", got, tc.signals)
			}
			if st := env.status(t, rec.ID); st.Status != container.StatusExited || !st.StoppedByUser {
				t.Errorf("state %+v", st)
			}
		})
	}
}

func TestStopNotRunning(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	rec := env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusExited, ExitCode: 3})
	if err := env.e.Stop(rec.ID, nil); err != nil {
		t.Fatal(err)
	}
	if st := env.status(t, rec.ID); !st.StoppedByUser || st.ExitCode != 3 || len(env.log.list()) != 0 {
		t.Errorf("state %+v, calls %q", st, env.log.list())
	}
	if err := env.e.Stop("nope", nil); !errors.Is(err, container.ErrNotFound) {
		t.Errorf("stop nope: %v", err)
	}
}

func TestKill(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sig     string
		status  string
		signal  string // "": none sent
		stopped bool   // recorded as stopped by the user: no restart
		wantErr error
	}{
		{name: "default SIGKILL", signal: "signal SIGKILL all=false", stopped: true},
		{name: "HUP", sig: "HUP", signal: "signal SIGHUP all=false"},
		{name: "by number", sig: "9", signal: "signal SIGKILL all=false", stopped: true},
		{name: "bad signal", sig: "SIGNOPE"},
		{name: "not running", status: container.StatusExited, wantErr: ErrNotRunning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			rec := liveContainer(t, env, RunOptions{})
			if tc.status != "" {
				env.setStatus(rec.ID, tc.status, 0)
			}
			err := env.e.Kill(rec.Name, tc.sig)
			if (err != nil) != (tc.signal == "") || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Fatalf("kill: %v", err)
			}
			var want []string
			if tc.signal != "" {
				want = []string{tc.signal}
			}
			if got := env.log.only("signal"); !reflect.DeepEqual(got, want) {
				t.Errorf("signals %q, want %q", got, want)
			}
			if st := env.status(t, rec.ID); st.StoppedByUser != tc.stopped {
				t.Errorf("stopped by user: %v", st.StoppedByUser)
			}
		})
	}
}

// TestSignalWithoutRuntimeState: when the runtime no longer knows the
// container, the recorded init pid gets the signal; a dead one is "not
// running".
func TestSignalWithoutRuntimeState(t *testing.T) {
	env := newTestEnv(t)
	rec := liveContainer(t, env, RunOptions{})
	env.rt.ctrs = map[string]*fakeContainer{}
	// Without a start time the pid may be anyone's: nothing is signalled.
	noStart := *rec
	noStart.State.PidStart = 0
	if err := env.e.signal(&noStart, unix.SIGKILL, false); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("signal a pid without its start time: %v", err)
	}
	if !container.Alive(rec.State.Pid, rec.State.PidStart) {
		t.Fatal("a pid without its start time was killed")
	}
	if err := env.e.signal(rec, unix.SIGKILL, false); err != nil {
		t.Fatalf("signal the recorded pid: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for container.Alive(rec.State.Pid, 0) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := env.e.signal(rec, unix.SIGTERM, false); !errors.Is(err, ErrNotRunning) {
		t.Errorf("signal a dead init: %v", err)
	}
}

func TestRemove(t *testing.T) {
	cleanup := []string{"load", "delete force=true", "detach", "rmcgroup"}
	for _, tc := range []struct {
		name    string
		live    bool
		force   bool
		wantErr string
		calls   []string
	}{
		{name: "exited", calls: cleanup},
		{name: "exited, -f", force: true, calls: cleanup},
		{name: "running", live: true, wantErr: "stop the container before removing or force remove"},
		{name: "running, -f", live: true, force: true, calls: append([]string{"load", "signal SIGKILL all=true"}, cleanup...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			rec := liveContainer(t, env, RunOptions{Name: "web"}, unix.SIGKILL)
			env.nw.attached[rec.ID] = nil
			if !tc.live {
				env.setStatus(rec.ID, container.StatusExited, 0)
			}
			err := env.e.Remove("web", tc.force)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("rm: %v, want %q", err, tc.wantErr)
				}
				if st := env.status(t, rec.ID); st.Status != container.StatusRunning || len(env.log.list()) != 0 {
					t.Errorf("a refused rm changed things: %+v, %q", st, env.log.list())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := env.log.only("load", "signal", "delete", "detach", "rmcgroup"); !reflect.DeepEqual(got, tc.calls) {
				t.Errorf("calls %q, want %q", got, tc.calls)
			}
			if _, err := env.e.Containers.Get(rec.ID); !errors.Is(err, container.ErrNotFound) {
				t.Errorf("record left: %v", err)
			}
			if len(env.rt.ctrs) != 0 || len(env.rt.cgroups) != 0 || len(env.nw.attached) != 0 {
				t.Errorf("left: runtime %v, cgroups %v, network %v", env.rt.ctrs, env.rt.cgroups, env.nw.attached)
			}
		})
	}
}

func TestRemoveMissing(t *testing.T) {
	env := newTestEnv(t)
	if err := env.e.Remove("nope", true); err != nil {
		t.Errorf("rm -f of a missing container: %v", err)
	}
	if err := env.e.Remove("nope", false); !errors.Is(err, container.ErrNotFound) {
		t.Errorf("rm of a missing container: %v", err)
	}
}

func TestStart(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	rec := env.addRecord(t, img, RunOptions{Image: testRef},
		container.State{Status: container.StatusExited, StoppedByUser: true, Error: "last time"})
	env.rt.cgroups[rec.ID] = true // a crashed run's leftover
	got, err := env.e.Start(rec.ID[:12])
	if err != nil || got.ID != rec.ID {
		t.Fatalf("start: %v", err)
	}
	if calls := env.log.only("load", "detach", "rmcgroup", "monitor"); !reflect.DeepEqual(calls, []string{"load", "detach", "rmcgroup", "monitor"}) {
		t.Errorf("calls %q: the leftovers are cleaned up before the monitor starts", calls)
	}
	if st := env.status(t, rec.ID); st.StoppedByUser || st.Error != "" || len(env.rt.cgroups) != 0 {
		t.Errorf("state %+v, cgroups %v", st, env.rt.cgroups)
	}
	env.monitorErr = errFake
	if _, err := env.e.Start(rec.ID); !errors.Is(err, errFake) {
		t.Errorf("a failed monitor: %v", err)
	}
}

func TestStartRunningIsNoop(t *testing.T) {
	env := newTestEnv(t)
	rec := liveContainer(t, env, RunOptions{})
	if _, err := env.e.Start(rec.ID); err != nil {
		t.Fatal(err)
	}
	if len(env.log.list()) != 0 {
		t.Errorf("calls %q", env.log.list())
	}
}

func TestRestart(t *testing.T) {
	env := newTestEnv(t)
	rec := liveContainer(t, env, RunOptions{}, unix.SIGTERM)
	if err := env.e.Restart(rec.ID, nil); err != nil {
		t.Fatal(err)
	}
	if calls := env.log.only("signal", "monitor"); !reflect.DeepEqual(calls, []string{"signal SIGTERM all=false", "monitor"}) {
		t.Errorf("calls %q", calls)
	}
	if st := env.status(t, rec.ID); st.StoppedByUser {
		t.Errorf("a restarted container is stopped by the user: %+v", st)
	}
}

func TestWait(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	exited := env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusExited, ExitCode: 3})
	if code, err := env.e.Wait(t.Context(), exited.ID); code != 3 || err != nil {
		t.Errorf("wait exited: %d, %v", code, err)
	}
	if _, err := env.e.Wait(t.Context(), "nope"); !errors.Is(err, container.ErrNotFound) {
		t.Errorf("wait nope: %v", err)
	}

	rec := liveContainer(t, env, RunOptions{})
	go func() { time.Sleep(30 * time.Millisecond); env.setStatus(rec.ID, container.StatusExited, 7) }()
	if code, err := env.e.Wait(t.Context(), rec.ID); code != 7 || err != nil {
		t.Errorf("wait until exit: %d, %v", code, err)
	}

	rec = liveContainer(t, env, RunOptions{})
	go func() { time.Sleep(30 * time.Millisecond); _ = env.e.Containers.Remove(rec.ID) }()
	if code, err := env.e.Wait(t.Context(), rec.ID); code != 0 || err != nil {
		t.Errorf("wait until removed (--rm): %d, %v", code, err)
	}

	rec = liveContainer(t, env, RunOptions{})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if _, err := env.e.Wait(ctx, rec.ID); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wait canceled: %v", err)
	}
}
