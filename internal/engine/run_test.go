package engine

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/network"
	"github.com/tent-dev/tent/runtime"
)

const testRef = "example.com/app:1"

// onlyRecord is the one container record of the store.
func onlyRecord(t *testing.T, env *testEnv) *container.Record {
	t.Helper()
	recs, err := env.e.Containers.List()
	if err != nil || len(recs) != 1 {
		t.Fatalf("records: %d, %v; want 1", len(recs), err)
	}
	return recs[0]
}

func TestRunForeground(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"/bin/app", "serve"}, Env: []string{"A=1"}})
	stdio, _ := testStdio(t)
	code, err := env.e.Run(t.Context(), RunOptions{Image: testRef, Name: "web", Env: []string{"B=2"}}, stdio)
	if err != nil || code != 0 {
		t.Fatalf("run: %d, %v", code, err)
	}
	if got, want := env.log.only("create", "start", "wait"), []string{"create", "start", "wait"}; !reflect.DeepEqual(got, want) {
		t.Errorf("runtime calls %q, want %q", got, want)
	}
	for _, c := range []string{"spawn", "attach bridge", "delete force=true", "detach"} {
		if !env.log.has(c) {
			t.Errorf("no %q in %q", c, env.log.list())
		}
	}
	rec := onlyRecord(t, env)
	l := env.e.Layout
	o := env.rt.created
	if o.Bundle != l.ContainerDir(rec.ID) || o.Spec == nil || len(o.RootfsMounts) == 0 || o.Stdio.Stdout != stdio.Out || o.Stdio.Stdin != nil {
		t.Fatalf("create options: %+v", o)
	}
	s := o.Spec
	if strings.Join(s.Process.Args, " ") != "/bin/app serve" || s.Linux.CgroupsPath != "/tent-test/"+rec.ID || s.Hostname != rec.ID[:12] {
		t.Errorf("spec: args %q cgroup %q hostname %q", s.Process.Args, s.Linux.CgroupsPath, s.Hostname)
	}
	if env := strings.Join(s.Process.Env, " "); !strings.Contains(env, "A=1") || !strings.Contains(env, "B=2") {
		t.Errorf("spec env %q", env)
	}
	var netns string
	for _, ns := range s.Linux.Namespaces {
		if ns.Type == "network" {
			netns = ns.Path
		}
	}
	if netns != "/run/tent-test/netns/"+rec.ID {
		t.Errorf("netns %q: not the attachment's", netns)
	}
	if a := env.nw.opts; a.ContainerID != rec.ID || a.Name != "web" || a.Network != network.DefaultNetwork || a.Hostname != rec.ID[:12] {
		t.Errorf("attach options %+v", a)
	}
	st := rec.State
	if st.Status != container.StatusExited || st.ExitCode != 0 || st.Pid != 0 || st.Error != "" || st.StartedAt.IsZero() || st.FinishedAt.IsZero() {
		t.Errorf("record state %+v", st)
	}
	var att network.Attachment
	if err := json.Unmarshal(rec.Network, &att); err != nil || att.IP != "10.88.0.2" {
		t.Errorf("record network %s: %v", rec.Network, err)
	}
	for _, f := range []string{l.SpecFile(rec.ID), l.HostnameFile(rec.ID), l.HostsFile(rec.ID), l.ResolvConfFile(rec.ID), l.UpperDir(rec.ID)} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("kept for inspect, logs and start: %v", err)
		}
	}
	if env.nw.isAttached(rec.ID) || len(env.rt.ctrs) != 0 {
		t.Errorf("left: network %v, runtime %v", env.nw.attached, env.rt.ctrs)
	}
}

func TestRunRm(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"true"}})
	stdio, _ := testStdio(t)
	code, err := env.e.Run(t.Context(), RunOptions{Image: testRef, Rm: true, Interactive: true}, stdio)
	if err != nil || code != 0 {
		t.Fatalf("run --rm: %d, %v", code, err)
	}
	if env.rt.created.Stdio.Stdin != stdio.In {
		t.Error("-i: the init's stdin is not tent's")
	}
	if recs, _ := env.e.Containers.List(); len(recs) != 0 {
		t.Errorf("--rm left %d records", len(recs))
	}
	ents, _ := os.ReadDir(env.e.Layout.ContainersDir())
	for _, e := range ents {
		if looksLikeID(e.Name()) {
			t.Errorf("--rm left the container dir %s", e.Name())
		}
	}
	if len(env.nw.attached) != 0 || len(env.rt.ctrs) != 0 || len(env.rt.cgroups) != 0 {
		t.Errorf("left: network %v, runtime %v, cgroups %v", env.nw.attached, env.rt.ctrs, env.rt.cgroups)
	}
}

// TestRunExitCodes: Docker's codes, the command's own or tent's 125, the
// runtime's 126/127, 128+N for signal N; the record keeps the same code.
func TestRunExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rt      func(*fakeRuntime)
		ctr     func(*fakeContainer)
		want    int
		wantErr bool
		oom     bool
	}{
		{name: "success", want: 0},
		{name: "exit 3", ctr: func(c *fakeContainer) { c.status.Code = 3 }, want: 3},
		{name: "killed by SIGKILL", ctr: func(c *fakeContainer) { c.status = runtime.ExitStatus{Code: 137, Signal: unix.SIGKILL} }, want: 137},
		{name: "out of memory", ctr: func(c *fakeContainer) {
			c.status = runtime.ExitStatus{Code: 137, Signal: unix.SIGKILL, OOMKilled: true}
		}, want: 137, oom: true},
		{name: "not found", rt: func(f *fakeRuntime) { f.createErr = exitcode.New(127, errors.New("exec: no such file")) }, want: 127, wantErr: true},
		{name: "cannot invoke", ctr: func(c *fakeContainer) { c.startErr = exitcode.New(126, errors.New("permission denied")) }, want: 126, wantErr: true},
		{name: "runtime fails", rt: func(f *fakeRuntime) { f.createErr = errFake }, want: 125, wantErr: true},
		{name: "spawn fails, create clones", rt: func(f *fakeRuntime) { f.spawnErr = errFake }, want: 0},
		{name: "wait fails", ctr: func(c *fakeContainer) { c.waitErr = errFake }, want: 125, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
			if tc.rt != nil {
				tc.rt(env.rt)
			}
			env.rt.configure = tc.ctr
			stdio, _ := testStdio(t)
			code, err := env.e.Run(t.Context(), RunOptions{Image: testRef}, stdio)
			if code != tc.want || (err != nil) != tc.wantErr {
				t.Fatalf("run: %d, %v; want %d (error %v)", code, err, tc.want, tc.wantErr)
			}
			st := onlyRecord(t, env).State
			if st.Status != container.StatusExited || st.ExitCode != tc.want || st.OOMKilled != tc.oom || (st.Error != "") != tc.wantErr {
				t.Errorf("record state %+v", st)
			}
		})
	}
}

// TestRunFailureLeavesNothing fails each step of a run in turn: the
// runtime's state is deleted before the network is detached, and the
// record is gone (--rm) or says why the run failed.
func TestRunFailureLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name     string
		o        RunOptions
		fail     func(*testEnv)
		want     int
		teardown []string // runtime and network calls after the failure, in order
	}{
		{name: "image", o: RunOptions{Image: "example.com/missing:1"}, want: 125},
		{name: "mounts", o: RunOptions{Mounts: []string{"type=bind,src=/nonexistent-tent-test/mount,dst=/data"}}, want: 125},
		{name: "network", fail: func(env *testEnv) { env.nw.attachErr = errFake }, want: 125,
			teardown: []string{"load", "detach"}},
		{name: "plan", o: RunOptions{EnvFiles: []string{"/nonexistent-tent-test"}}, want: 125,
			teardown: []string{"load", "detach"}},
		{name: "create", fail: func(env *testEnv) { env.rt.createErr, env.rt.leaveOnFail = errFake, true }, want: 125,
			teardown: []string{"load", "delete force=true", "detach"}},
		{name: "start", fail: func(env *testEnv) { env.rt.configure = func(c *fakeContainer) { c.startErr = errFake } }, want: 125,
			teardown: []string{"delete force=true", "detach"}},
		{name: "wait", fail: func(env *testEnv) { env.rt.configure = func(c *fakeContainer) { c.waitErr = errFake } }, want: 125,
			teardown: []string{"delete force=true", "detach"}},
	} {
		for _, rm := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{true: " --rm"}[rm], func(t *testing.T) {
				env := newTestEnv(t)
				env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
				if tc.fail != nil {
					tc.fail(env)
				}
				o := tc.o
				o.Image, o.Rm = firstNonEmpty(o.Image, testRef), rm
				stdio, _ := testStdio(t)
				code, err := env.e.Run(t.Context(), o, stdio)
				if code != tc.want || err == nil {
					t.Fatalf("run: %d, %v; want %d and an error", code, err, tc.want)
				}
				if got := env.log.only("load", "delete", "detach"); !reflect.DeepEqual(got, tc.teardown) {
					t.Errorf("teardown calls %q, want %q", got, tc.teardown)
				}
				if len(env.rt.ctrs) != 0 || len(env.nw.attached) != 0 {
					t.Errorf("left: runtime %v, network %v", env.rt.ctrs, env.nw.attached)
				}
				recs, _ := env.e.Containers.List()
				switch {
				case tc.teardown == nil && len(recs) != 0: // failed before the record
					t.Errorf("a record was left: %+v", recs[0])
				case tc.teardown != nil && rm && len(recs) != 0:
					t.Errorf("--rm left a record: %+v", recs[0])
				case tc.teardown != nil && !rm:
					if len(recs) != 1 || recs[0].State.Status != container.StatusExited || recs[0].State.ExitCode != tc.want ||
						!strings.Contains(recs[0].State.Error, err.Error()) {
						t.Errorf("records %d, want one exited with %d and the error", len(recs), tc.want)
					}
				}
			})
		}
	}
}

func TestRunNameConflict(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	stdio, _ := testStdio(t)
	o := RunOptions{Image: testRef, Name: "web"}
	if code, err := env.e.Run(t.Context(), o, stdio); code != 0 || err != nil {
		t.Fatalf("first run: %d, %v", code, err)
	}
	first := onlyRecord(t, env)
	code, err := env.e.Run(t.Context(), o, stdio)
	if code != 125 || !errors.Is(err, container.ErrNameInUse) {
		t.Fatalf("second run: %d, %v; want 125, name in use", code, err)
	}
	if got := env.log.only("create", "attach"); len(got) != 2 {
		t.Errorf("the second run went on past its record: %q", got)
	}
	if rec := onlyRecord(t, env); rec.ID != first.ID || rec.State != first.State {
		t.Errorf("the first container's record changed: %+v", rec.State)
	}
	if err := env.e.Remove("web", false); err != nil {
		t.Fatal(err)
	}
	if code, err := env.e.Run(t.Context(), o, stdio); code != 0 || err != nil {
		t.Fatalf("run after rm: %d, %v", code, err)
	}
}

func TestRunPullsMissingImage(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pullErr error
		want    int
	}{
		{"pulled", nil, 0},
		{"pull fails", errFake, 125},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			var pulled []string
			env.e.Pull = func(ctx context.Context, ref string, w io.Writer) error {
				pulled = append(pulled, ref)
				if tc.pullErr != nil {
					return tc.pullErr
				}
				env.addImage(t, ref, v1.Config{Cmd: []string{"app"}})
				return nil
			}
			stdio, stderr := testStdio(t)
			code, err := env.e.Run(t.Context(), RunOptions{Image: testRef, Rm: true}, stdio)
			if code != tc.want || (err != nil) != (tc.pullErr != nil) {
				t.Fatalf("run: %d, %v", code, err)
			}
			if !reflect.DeepEqual(pulled, []string{testRef}) || !strings.Contains(stderr(), "Unable to find image '"+testRef+"' locally") {
				t.Errorf("pulled %q, stderr %q", pulled, stderr())
			}
		})
	}
}
