package engine

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/internal/container"
)

// TestGC: what crashed runs left is removed for ids this store knows to be
// dead or not at all; live, created and removing containers are kept.
func TestGC(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	rec := func(st container.State) string {
		return env.addRecord(t, img, RunOptions{Image: testRef}, st).ID
	}
	exitedCgroup := rec(container.State{Status: container.StatusExited})
	env.rt.cgroups[exitedCgroup] = true
	exitedState := rec(container.State{Status: container.StatusExited})
	env.rt.add(exitedState)
	exitedClean := rec(container.State{Status: container.StatusExited})
	live := rec(running(t))
	env.rt.add(live)
	created := rec(container.State{Status: container.StatusCreated})
	env.rt.add(created)
	removing := rec(container.State{Status: container.StatusRemoving})
	env.rt.add(removing)
	noRecord := strings.Repeat("1", 64)
	env.rt.add(noRecord)
	netnsOnly := strings.Repeat("2", 64)
	netns := env.e.Layout.NetnsDir()
	if err := os.MkdirAll(netns, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{netnsOnly, "not-an-id", exitedClean[:12]} {
		if err := os.WriteFile(filepath.Join(netns, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	left, err := env.e.GC()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(left)
	want := []string{exitedCgroup, exitedState, noRecord, netnsOnly}
	slices.Sort(want)
	if !reflect.DeepEqual(left, want) {
		t.Errorf("gc removed %q, want %q", left, want)
	}
	for _, id := range want {
		if env.rt.cgroups[id] || env.rt.ctrs[id] != nil {
			t.Errorf("%s: state or cgroup left", id[:12])
		}
	}
	for _, id := range []string{live, created, removing} {
		if env.rt.ctrs[id] == nil {
			t.Errorf("%s: runtime state removed", id[:12])
		}
	}
	if n := len(env.log.only("detach")); n != len(want) {
		t.Errorf("%d detaches, want %d", n, len(want))
	}
	if recs, _ := env.e.Containers.List(); len(recs) != 6 {
		t.Errorf("gc removed records: %d left", len(recs))
	}
}

func TestPrune(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	exited := env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusExited})
	live := env.addRecord(t, img, RunOptions{Image: testRef}, running(t))
	created := env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusCreated})
	stray := strings.Repeat("3", 64)
	env.rt.add(stray)
	rep, err := env.e.Prune()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep.Containers, []string{exited.ID}) || !reflect.DeepEqual(rep.Leftovers, []string{stray}) {
		t.Errorf("prune report %+v", rep)
	}
	for _, id := range []string{live.ID, created.ID} {
		if _, err := env.e.Containers.Get(id); err != nil {
			t.Errorf("prune removed a container it must keep: %v", err)
		}
	}
}

func TestLooksLikeID(t *testing.T) {
	for s, want := range map[string]bool{
		testID: true, strings.ToUpper(testID): false, testID[:63]: false, testID + "0": false,
		strings.Repeat("g", 64): false, "": false,
	} {
		if got := looksLikeID(s); got != want {
			t.Errorf("looksLikeID(%q) = %v", s, got)
		}
	}
}

// TestReconcileDeadRecord: a record that says running while its init is
// gone (the monitor was killed) reads as exited with 255, and gc then
// removes what the container left in the runtime.
func TestReconcileDeadRecord(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	rec := env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusExited})
	if err := env.e.Containers.Update(rec.ID, func(r *container.Record) error {
		// Reaped, and PidStart matches no process that could reuse the pid.
		r.State = container.State{Status: container.StatusRunning, Pid: cmd.Process.Pid, PidStart: 1}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	env.rt.add(rec.ID)
	got, err := env.e.List(true)
	if err != nil || len(got) != 1 {
		t.Fatalf("ps -a: %+v, %v", got, err)
	}
	if s := got[0].State; s.Status != container.StatusExited || s.ExitCode != container.ExitUnknown || s.Error == "" || s.Running {
		t.Errorf("reconciled state %+v", s)
	}
	left, err := env.e.GC()
	if err != nil || !reflect.DeepEqual(left, []string{rec.ID}) || len(env.rt.ctrs) != 0 {
		t.Errorf("gc: %q, %v; runtime %v", left, err, env.rt.ctrs)
	}
}
