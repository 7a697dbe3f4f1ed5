package engine

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/archive"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/internal/procfs"
	"github.com/tent-dev/tent/rootfs/compression"
)

// testEnv is an Engine on temp dirs with the real image and container
// stores and fakes at the runtime, network and monitor boundaries. No root
// is needed: images have no layers, nothing is mounted.
type testEnv struct {
	e   *Engine
	rt  *fakeRuntime
	nw  *fakeNetwork
	log *callLog

	mu       sync.Mutex
	monitors [][]string // args of each monitor spawn
	// monitorErr fails the monitor spawns.
	monitorErr error
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	log := &callLog{}
	env := &testEnv{rt: newFakeRuntime(log), nw: newFakeNetwork(log), log: log}
	l := layout.New(t.TempDir(), t.TempDir())
	e := &Engine{Layout: l, Runtime: env.rt, Network: env.nw}
	var err error
	if e.Images, err = image.Open(l.ImageDir(), image.WithInUse(e.imageInUse), image.WithDecompressor(compression.Decompress)); err != nil {
		t.Fatal(err)
	}
	if e.Containers, err = container.Open(l); err != nil {
		t.Fatal(err)
	}
	e.spawnMonitorFn = func(exe string, args []string, logPath string) (int, error) {
		log.add("monitor")
		env.mu.Lock()
		defer env.mu.Unlock()
		env.monitors = append(env.monitors, append(args, logPath))
		return 0, env.monitorErr
	}
	e.adoptFn = func(exe string, args []string, logPath string, _ *monitor.InitCommand) (adopter, error) {
		log.add("monitor")
		env.mu.Lock()
		defer env.mu.Unlock()
		env.monitors = append(env.monitors, append(args, logPath))
		return &fakeAdopter{env: env}, nil
	}
	env.e = e
	return env
}

// addImage loads an image without layers, with cfg as its config, under ref.
func (env *testEnv) addImage(t *testing.T, ref string, cfg v1.Config) *image.Image {
	t.Helper()
	cf, err := empty.Image.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf.Config = cfg
	img, err := mutate.ConfigFile(empty.Image, cf)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(ref)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tarball.Write(tag, img, &buf); err != nil {
		t.Fatal(err)
	}
	imgs, err := archive.Load(t.Context(), env.e.Images, &buf)
	if err != nil || len(imgs) != 1 {
		t.Fatalf("load %s: %v", ref, err)
	}
	return imgs[0]
}

// addRecord makes a container record from an image and options, in state st.
func (env *testEnv) addRecord(t *testing.T, img *image.Image, o RunOptions, st container.State) *container.Record {
	t.Helper()
	rec, err := env.e.newRecord(img, o, container.Record{})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.e.Containers.Update(rec.ID, func(r *container.Record) error { r.State = st; return nil }); err != nil {
		t.Fatal(err)
	}
	rec, err = env.e.Containers.Get(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// setStatus records a new status for id, as the monitor would.
func (env *testEnv) setStatus(id, status string, code int) {
	_ = env.e.Containers.Update(id, func(r *container.Record) error {
		r.State.Status, r.State.ExitCode = status, code
		if status == container.StatusExited {
			r.State.Pid = 0
		}
		return nil
	})
}

func (env *testEnv) status(t *testing.T, id string) container.State {
	t.Helper()
	rec, err := env.e.Containers.Get(id)
	if err != nil {
		t.Fatalf("record %s: %v", id, err)
	}
	return rec.State
}

func (env *testEnv) monitorArgs() [][]string {
	env.mu.Lock()
	defer env.mu.Unlock()
	return env.monitors
}

// sleeper is a child process that stands for a container's init in
// records: the store finds it alive, and whatever signals it harms nothing.
func sleeper(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd.Process.Pid
}

// running is the state of a container whose init is a sleeper.
func running(t *testing.T) container.State {
	pid := sleeper(t)
	st, err := procfs.ReadStat(pid)
	if err != nil {
		t.Fatal(err)
	}
	return container.State{Status: container.StatusRunning, Pid: pid, PidStart: st.StartTime}
}

// testStdio is a run's stdio on files in a temp dir; errOut reads stderr.
func testStdio(t *testing.T) (Stdio, func() string) {
	t.Helper()
	dir := t.TempDir()
	open := func(name string) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	s := Stdio{In: open("in"), Out: open("out"), Err: open("err")}
	return s, func() string {
		b, _ := os.ReadFile(filepath.Join(dir, "err"))
		return string(b)
	}
}
