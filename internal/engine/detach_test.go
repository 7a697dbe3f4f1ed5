package engine

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/network"
)

func TestRunDetached(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"app"},
		Healthcheck: &v1.HealthConfig{Test: []string{"CMD", "probe"}, Interval: time.Second, Retries: 2}})
	id, err := env.e.RunDetached(t.Context(), RunOptions{Image: testRef, Name: "bg", Restart: "always"})
	if err != nil {
		t.Fatal(err)
	}
	l := env.e.Layout
	exe, _ := os.Executable()
	want := [][]string{{"--tent", exe, "--root", l.Root, "--state", l.State, id, l.MonitorLog(id)}}
	if got := env.monitorArgs(); !reflect.DeepEqual(got, want) {
		t.Errorf("monitor spawns %q, want %q", got, want)
	}
	rec, err := env.e.Containers.Get("bg")
	if err != nil || rec.ID != id || rec.State.Status != container.StatusCreated {
		t.Fatalf("record %+v, %v", rec, err)
	}
	if h := rec.Healthcheck; h == nil || strings.Join(h.Test, " ") != "probe" || h.Interval != time.Second || h.Retries != 2 {
		t.Errorf("health check kept for the monitor: %+v", h)
	}
	if o := recordOptions(rec); o.Restart != "always" || o.Image != testRef {
		t.Errorf("run options kept for the monitor: %+v", o)
	}
	// The CLI makes and starts the container itself (the monitor clones
	// the init: see startDetached), then hands it to the monitor.
	if got := env.log.only("monitor", "spawn", "create", "start"); !reflect.DeepEqual(got,
		[]string{"monitor", "spawn", "create", "start", "monitor started tty=false"}) {
		t.Errorf("calls %q", got)
	}
	if env.rt.created.NoClone != true {
		t.Errorf("create may clone an init of its own, not the monitor's child")
	}
}

// TestRunDetachedSetupFails: a setup that fails in the CLI is undone there
// and told to the monitor, which records it; the CLI returns its own error.
func TestRunDetachedSetupFails(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	env.rt.createErr, env.rt.leaveOnFail = exitcode.New(127, errors.New("exec: app: not found")), true
	env.monitorErr = errors.New("the monitor's echo")
	_, err := env.e.RunDetached(t.Context(), RunOptions{Image: testRef})
	if code, ok := exitcode.From(err); !ok || code != 127 {
		t.Fatalf("run -d: %v (code %d)", err, code)
	}
	if got := env.log.only("monitor", "delete"); !reflect.DeepEqual(got, []string{"monitor", "delete force=true", "monitor told: exec: app: not found"}) {
		t.Errorf("calls %q", got)
	}
	if len(env.rt.ctrs) != 0 || len(env.rt.cgroups) != 0 {
		t.Errorf("left: runtime %v, cgroups %v", env.rt.ctrs, env.rt.cgroups)
	}
}

// TestRunDetachedMonitorFails: the monitor's code (the runtime's 127 for a
// command not found) reaches the CLI; the record stays, as Docker keeps a
// container that failed to start.
func TestRunDetachedMonitorFails(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	env.monitorErr = exitcode.New(127, errors.New("exec: \"app\": executable file not found"))
	_, err := env.e.RunDetached(t.Context(), RunOptions{Image: testRef})
	if code, ok := exitcode.From(err); !ok || code != 127 {
		t.Fatalf("run -d: %v (code %d)", err, code)
	}
	if st := onlyRecord(t, env).State; st.Status != container.StatusCreated {
		t.Errorf("record state %+v", st)
	}
}

// TestDetachedRefusals: what Docker refuses leaves no record and starts no
// monitor.
func TestDetachedRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    RunOptions
		want string
	}{
		{"--rm with --restart", RunOptions{Rm: true, Restart: "always"}, "--restart and --rm"},
		{"bad restart policy", RunOptions{Restart: "sometimes"}, "sometimes"},
		{"bad health interval", RunOptions{HealthCmd: "x", HealthInterval: "often"}, "--health-interval"},
		{"bad volume", RunOptions{Volumes: []string{"/data:relative"}}, "not absolute"},
		{"too little memory", RunOptions{Memory: 1 << 20}, "memory"},
		{"missing image", RunOptions{Image: "example.com/missing:1"}, "missing"},
	} {
		for _, detach := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{true: " -d"}[detach], func(t *testing.T) {
				env := newTestEnv(t)
				env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
				o := tc.o
				o.Image = firstNonEmpty(o.Image, testRef)
				var err error
				if detach {
					_, err = env.e.RunDetached(t.Context(), o)
				} else {
					_, err = env.e.Create(t.Context(), o)
				}
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err %v, want %q", err, tc.want)
				}
				if code := exitcode.Or(err, 0); code != exitcode.Engine {
					t.Errorf("code %d, want 125", code)
				}
				if recs, _ := env.e.Containers.List(); len(recs) != 0 || len(env.monitorArgs()) != 0 {
					t.Errorf("left %d records, %d monitors", len(recs), len(env.monitorArgs()))
				}
			})
		}
	}
}

func TestCreateMakesOnlyTheRecord(t *testing.T) {
	env := newTestEnv(t)
	env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	id, err := env.e.Create(t.Context(), RunOptions{Image: testRef, Cmd: []string{"other", "arg"}})
	if err != nil {
		t.Fatal(err)
	}
	rec := onlyRecord(t, env)
	if rec.ID != id || rec.Path != "other" || !reflect.DeepEqual(rec.Args, []string{"arg"}) || rec.State.Status != container.StatusCreated {
		t.Errorf("record %+v", rec)
	}
	if len(env.monitorArgs()) != 0 || len(env.log.list()) != 0 {
		t.Errorf("create ran something: monitors %q, calls %q", env.monitorArgs(), env.log.list())
	}
}

// TestMonitorConfig: the lean monitor reads the run options the engine
// keeps in the record (its own decoding of a few fields of RunOptions).
func TestMonitorConfig(t *testing.T) {
	for _, tc := range []struct {
		name       string
		o          RunOptions
		policy     string
		health     bool
		logOptions int
		wantErr    bool
	}{
		{name: "defaults", policy: "no", health: true},
		{name: "restart and logs", o: RunOptions{Restart: "on-failure:3", Rm: false, LogOpts: []string{"max-size=1m", "max-file=2"}},
			policy: "on-failure", health: true, logOptions: 2},
		{name: "--no-healthcheck", o: RunOptions{NoHealthcheck: true}, policy: "no"},
		{name: "bad log opt", o: RunOptions{LogOpts: []string{"max-file=0"}}, wantErr: true},
		{name: "unknown log opt", o: RunOptions{LogOpts: []string{"mode=fast"}}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts, _ := json.Marshal(tc.o)
			rec := &container.Record{ID: testID, Opts: opts, Healthcheck: &container.Healthcheck{Test: []string{"probe"}, Retries: 3}}
			cfg, err := monitor.ConfigFromRecord(rec)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v", err)
			}
			if err != nil {
				return
			}
			if cfg.Policy.Name != tc.policy || (cfg.Health != nil) != tc.health || len(cfg.Log) != tc.logOptions || cfg.Rm != tc.o.Rm {
				t.Errorf("config %+v", cfg)
			}
		})
	}
}

// TestDetachedTargetStart is the setup helper's work for the monitor: the
// container is made and started, its spec and network recorded.
func TestDetachedTargetStart(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
	o := RunOptions{Image: testRef, Interactive: true}
	rec := env.addRecord(t, img, o, container.State{Status: container.StatusCreated})
	stdio, _ := testStdio(t)
	tg := &detachedTarget{e: env.e, id: rec.ID, o: o}
	d, err := tg.startHere(t.Context(), stdio.Out, stdio.Err)
	if err != nil {
		t.Fatal(err)
	}
	if d.Pid() != 4242 || !env.log.has("start") || env.rt.created.Stdio.Stdin != nil || env.rt.created.Stdio.Stdout != stdio.Out {
		t.Errorf("pid %d, calls %q, stdio %+v", d.Pid(), env.log.list(), env.rt.created.Stdio)
	}
	if _, err := os.Stat(env.e.Layout.SpecFile(rec.ID)); err != nil {
		t.Errorf("spec not saved: %v", err)
	}
	got, _ := env.e.Containers.Get(rec.ID)
	var att network.Attachment
	if err := json.Unmarshal(got.Network, &att); err != nil || att.NetnsPath == "" {
		t.Errorf("network not recorded: %s %v", got.Network, err)
	}
	if err := d.Teardown(); err != nil {
		t.Fatal(err)
	}
	if got := env.log.only("delete", "detach"); !reflect.DeepEqual(got, []string{"delete force=true", "detach"}) {
		t.Errorf("teardown calls %q", got)
	}
	if len(env.rt.ctrs) != 0 || len(env.nw.attached) != 0 {
		t.Errorf("left: runtime %v, network %v", env.rt.ctrs, env.nw.attached)
	}
}

// TestDetachedTargetStartFails: a failed setup is undone before the
// monitor hears of it.
func TestDetachedTargetStartFails(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fail     func(*testEnv)
		teardown []string
	}{
		{"network", func(env *testEnv) { env.nw.attachErr = errFake }, []string{"load", "detach"}},
		{"create", func(env *testEnv) { env.rt.createErr, env.rt.leaveOnFail = errFake, true }, []string{"load", "delete force=true", "detach"}},
		{"start", func(env *testEnv) { env.rt.configure = func(c *fakeContainer) { c.startErr = errFake } }, []string{"delete force=true", "detach"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			img := env.addImage(t, testRef, v1.Config{Cmd: []string{"app"}})
			rec := env.addRecord(t, img, RunOptions{Image: testRef}, container.State{Status: container.StatusCreated})
			tc.fail(env)
			stdio, _ := testStdio(t)
			tg := &detachedTarget{e: env.e, id: rec.ID, o: RunOptions{Image: testRef}}
			if _, err := tg.startHere(t.Context(), stdio.Out, stdio.Err); err == nil {
				t.Fatal("setup did not fail")
			}
			if got := env.log.only("load", "delete", "detach"); !reflect.DeepEqual(got, tc.teardown) {
				t.Errorf("teardown calls %q, want %q", got, tc.teardown)
			}
			if len(env.rt.ctrs) != 0 || len(env.nw.attached) != 0 {
				t.Errorf("left: runtime %v, network %v", env.rt.ctrs, env.nw.attached)
			}
		})
	}
}

// TestTeardownDetached: the monitor's teardown helper finds the container
// by id.
func TestTeardownDetached(t *testing.T) {
	env := newTestEnv(t)
	env.rt.add(testID)
	env.nw.attached[testID] = &network.Attachment{}
	if _, err := env.e.teardownDetached(testID); err != nil {
		t.Fatal(err)
	}
	if got := env.log.only("load", "delete", "detach"); !reflect.DeepEqual(got, []string{"load", "delete force=true", "detach"}) {
		t.Errorf("calls %q", got)
	}
	if _, err := env.e.teardownDetached(testID); err != nil {
		t.Errorf("a second teardown: %v", err)
	}
}
