package runtime

import (
	"fmt"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestSpawnedInit: an init spawned ahead runs the container when its
// namespaces match the spec's, is replaced by a fresh clone when they do
// not, and Abort (or Create's failure) leaves no process behind.
func TestSpawnedInit(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	specNS := testSpec().Linux.Namespaces
	hostNet := []specs.LinuxNamespace{{Type: "pid"}, {Type: "ipc"}, {Type: "uts"}, {Type: "mount"}}
	joinNet := append(append([]specs.LinuxNamespace{}, hostNet...), specs.LinuxNamespace{Type: "network", Path: "later"})
	tests := []struct {
		name     string
		spawnNS  []specs.LinuxNamespace
		args     []string
		wantOut  string
		wantCode int
		reused   bool
	}{
		{name: "same namespaces", spawnNS: specNS, args: []string{"sh", "-c", "echo $$; hostname"}, wantOut: "1\ntenttest", reused: true},
		{name: "joined net differs: recloned", spawnNS: joinNet, args: []string{"hostname"}, wantOut: "tenttest"},
		{name: "host net differs: recloned", spawnNS: hostNet, args: []string{"hostname"}, wantOut: "tenttest"},
		{name: "exit code", spawnNS: specNS, args: []string{"sh", "-c", "exit 7"}, wantCode: 7, reused: true},
		{name: "not found", spawnNS: specNS, args: []string{"nosuchcmd"}, wantCode: -1, reused: true},
	}
	before := footprint(t, r)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errf := tempFile(t), tempFile(t)
			sp, err := r.Spawn(SpawnOpts{Namespaces: tt.spawnNS, Stdio: Stdio{Stdout: out, Stderr: errf}})
			if err != nil {
				t.Fatal(err)
			}
			spawnedPid := sp.p.cmd.Pid()
			id := fmt.Sprintf("s%d", time.Now().UnixNano())
			c, err := r.Create(id, CreateOpts{Bundle: bundle, Spec: testSpec(tt.args...), Spawned: sp,
				Stdio: Stdio{Stdout: out, Stderr: errf}})
			if tt.wantCode == -1 {
				if err == nil {
					c.Delete(true)
					t.Fatal("create of a missing command succeeded")
				}
				assertGone(t, spawnedPid)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Delete(true)
			if got := c.Pid() == spawnedPid; got != tt.reused {
				t.Errorf("spawned init used = %v, want %v", got, tt.reused)
			}
			if !tt.reused {
				assertGone(t, spawnedPid)
			}
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			st, err := c.Wait()
			if err != nil || st.Code != tt.wantCode {
				t.Fatalf("wait: %+v, %v; want code %d (stderr %q)", st, err, tt.wantCode, readBack(t, errf))
			}
			if got := readBack(t, out); got != tt.wantOut {
				t.Errorf("stdout %q, want %q", got, tt.wantOut)
			}
		})
	}
	if after := footprint(t, r); after != before {
		t.Errorf("footprint %+v, want %+v", after, before)
	}
}

func TestSpawnAbort(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	sp, err := r.Spawn(SpawnOpts{Namespaces: testSpec().Linux.Namespaces})
	if err != nil {
		t.Fatal(err)
	}
	pid := sp.p.cmd.Pid()
	sp.Abort()
	sp.Abort() // twice is fine
	assertGone(t, pid)
	var nilSpawn *Spawned
	nilSpawn.Abort()
}

// assertGone fails unless pid is reaped (no such process).
func assertGone(t *testing.T, pid int) {
	t.Helper()
	if err := unix.Kill(pid, 0); err != unix.ESRCH {
		t.Errorf("spawned init %d still exists (kill 0: %v)", pid, err)
	}
}
