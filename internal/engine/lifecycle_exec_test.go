package engine

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/exitcode"
)

func TestExecProcess(t *testing.T) {
	base := &specs.Process{Args: []string{"sleep", "1"}, Env: []string{"PATH=/bin", "A=1"}, Cwd: "/",
		Capabilities: &specs.LinuxCapabilities{Bounding: []string{"CAP_KILL"}}}
	lookup := func(k string) (string, bool) { return map[string]string{"FROM_HOST": "h"}[k], k == "FROM_HOST" }
	p, err := execProcess(base, ExecOptions{Cmd: []string{"env"}, Env: []string{"A=2", "B=3", "FROM_HOST", "UNSET"}, Workdir: "/tmp", TTY: true}, 0, lookup)
	if err != nil {
		t.Fatal(err)
	}
	wantEnv := "PATH=/bin A=2 B=3 FROM_HOST=h TERM=xterm"
	if strings.Join(p.Env, " ") != wantEnv || p.Cwd != "/tmp" || !p.Terminal || p.Args[0] != "env" || p.Capabilities != base.Capabilities {
		t.Fatalf("exec process: %+v", p)
	}
	if base.Args[0] != "sleep" || len(base.Env) != 2 {
		t.Fatalf("base changed: %+v", base)
	}
	if _, err := execProcess(base, ExecOptions{}, 0, lookup); err == nil {
		t.Fatal("no command accepted")
	}
}

// execEnv is a running container with a saved spec, for exec.
func execEnv(t *testing.T) (*testEnv, *container.Record, *fakeContainer) {
	t.Helper()
	env := newTestEnv(t)
	rec := liveContainer(t, env, RunOptions{})
	base := &specs.Process{Args: []string{"app"}, Env: []string{"PATH=/bin", "A=1"}, Cwd: "/srv",
		User: specs.User{UID: 1000, GID: 1000}}
	if err := saveSpec(env.e.Layout.SpecFile(rec.ID), createPlan{spec: &specs.Spec{Hostname: "h", Process: base}}); err != nil {
		t.Fatal(err)
	}
	return env, rec, env.rt.ctrs[rec.ID]
}

func TestExec(t *testing.T) {
	for _, tc := range []struct {
		name     string
		o        ExecOptions
		ctr      func(*fakeContainer)
		want     int
		wantErr  bool
		waited   bool
		user     specs.User
		cwd, env string
	}{
		{name: "exit code", o: ExecOptions{Cmd: []string{"ls"}}, ctr: func(c *fakeContainer) { c.execStatus.Code = 3 },
			want: 3, waited: true, user: specs.User{UID: 1000, GID: 1000}, cwd: "/srv", env: "PATH=/bin A=1"},
		// -u resolves against the container's /etc/passwd, here the host's.
		{name: "flags", o: ExecOptions{Cmd: []string{"ls"}, Env: []string{"A=2"}, Workdir: "/tmp", User: "root"},
			waited: true, user: specs.User{UID: 0, GID: 0}, cwd: "/tmp", env: "PATH=/bin A=2 HOME=/root"},
		{name: "numeric user", o: ExecOptions{Cmd: []string{"id"}, User: "4000:5000"},
			waited: true, user: specs.User{UID: 4000, GID: 5000}, cwd: "/srv", env: "PATH=/bin A=1 HOME=/"},
		{name: "detached", o: ExecOptions{Cmd: []string{"sleep"}, Detach: true, TTY: true},
			user: specs.User{UID: 1000, GID: 1000}, cwd: "/srv", env: "PATH=/bin A=1 TERM=xterm"},
		{name: "not found", o: ExecOptions{Cmd: []string{"nope"}},
			ctr: func(c *fakeContainer) { c.execErr = exitcode.New(127, errors.New("exec: nope: not found")) }, want: 127, wantErr: true},
		{name: "runtime fails", o: ExecOptions{Cmd: []string{"ls"}}, ctr: func(c *fakeContainer) { c.execErr = errFake }, want: 125, wantErr: true},
		{name: "no command", want: 125, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, rec, c := execEnv(t)
			if tc.ctr != nil {
				tc.ctr(c)
			}
			stdio, _ := testStdio(t)
			code, err := env.e.Exec(rec.Name, tc.o, stdio)
			if (err != nil) != tc.wantErr || exitcode.Or(err, code) != tc.want {
				t.Fatalf("exec: %d, %v; want %d", code, err, tc.want)
			}
			if err != nil {
				return
			}
			p := c.execed
			if !reflect.DeepEqual(p.Args, tc.o.Cmd) || p.User.UID != tc.user.UID || p.User.GID != tc.user.GID || p.Cwd != tc.cwd ||
				strings.Join(p.Env, " ") != tc.env || p.Terminal {
				t.Errorf("exec'd process %+v", p)
			}
			if c.execStdio.Stdout != stdio.Out || c.execStdio.Stdin != nil {
				t.Errorf("stdio %+v", c.execStdio)
			}
		})
	}
}

func TestExecNeedsRunning(t *testing.T) {
	env, rec, _ := execEnv(t)
	stdio, _ := testStdio(t)
	env.rt.ctrs = map[string]*fakeContainer{}
	if _, err := env.e.Exec(rec.ID, ExecOptions{Cmd: []string{"ls"}}, stdio); !errors.Is(err, ErrNotRunning) || exitcode.Or(err, 0) != 1 {
		t.Errorf("exec without runtime state: %v", err)
	}
	env.setStatus(rec.ID, container.StatusExited, 0)
	if _, err := env.e.Exec(rec.ID, ExecOptions{Cmd: []string{"ls"}}, stdio); !errors.Is(err, ErrNotRunning) || exitcode.Or(err, 0) != 1 {
		t.Errorf("exec in a stopped container: %v", err)
	}
	if _, err := env.e.Exec("nope", ExecOptions{Cmd: []string{"ls"}}, stdio); !errors.Is(err, container.ErrNotFound) || exitcode.Or(err, 0) != 1 {
		t.Errorf("exec in a missing container: %v", err)
	}
}

func TestExecWithoutSpec(t *testing.T) {
	env, rec, _ := execEnv(t)
	if err := os.Remove(env.e.Layout.SpecFile(rec.ID)); err != nil {
		t.Fatal(err)
	}
	stdio, _ := testStdio(t)
	if code, err := env.e.Exec(rec.ID, ExecOptions{Cmd: []string{"ls"}}, stdio); code != 125 || err == nil {
		t.Errorf("exec without a saved spec: %d, %v", code, err)
	}
}
