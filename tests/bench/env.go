package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/tent-dev/tent/internal/hybridv1"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// env is what contenders share: binaries, a bench store, the test image.
type env struct {
	tmp       string // removed at the end
	binDir    string
	buildErr  map[string]error
	tentRoot  string // TENT_ROOT of the bench store
	tentState string // TENT_STATE of the bench store
	imageTar  string // docker-archive of the busybox image, once e.archive() succeeded

	archiveOnce sync.Once
	archiveErr  error
	imageOnce   sync.Once
	imageRef    string
	imageErr    error
	bundleOnce  sync.Once
	bundleDir   string
	bundleErr   error
	v1Once      sync.Once
	v1Thread    *hybridv1.Thread
	v1Err       error
}

const benchImage = "tent-bench/busybox:latest"

// benchParent is where the bench's dirs go (stores, state, bundles, for
// every contender alike): $TENT_BENCH_DIR, else /var/lib, beside tent's
// own default root. Not /tmp: every test run creates and deletes thousands
// of files there, and ext4 skips inodes freed in the last minutes when it
// allocates, so creating files and dirs in /tmp's block groups is slow for
// a while after (docs/benchmarks.md, "The filesystem", has the figures).
func benchParent() string {
	if d := os.Getenv("TENT_BENCH_DIR"); d != "" {
		return d
	}
	return "/var/lib"
}

func newEnv() (*env, error) {
	tmp, err := os.MkdirTemp(benchParent(), "tb-") // short: podman wants a runroot under 50 characters
	if err != nil {
		return nil, fmt.Errorf("make temp dir: %w", err)
	}
	e := &env{tmp: tmp, buildErr: map[string]error{},
		tentRoot: filepath.Join(tmp, "root"), tentState: filepath.Join(tmp, "state")}
	e.binDir = filepath.Join(tmp, "bin")
	// TENT_BIN_DIR: built already (make build), installed from there the
	// same way: bin/ holds the linker's output as it wrote it.
	given := os.Getenv("TENT_BIN_DIR")
	for _, name := range []string{"tent", "tent-init", "tent-image", "tent-mkimage", "tent-runc", "tent-monitor"} { // tent-init, tent-image, tent-monitor: beside tent, as installed
		built := filepath.Join(given, name)
		if given == "" {
			built = filepath.Join(tmp, "build", name)
			if err := goBuild(name, built); err != nil {
				e.buildErr[name] = err
				continue
			}
		}
		if err := install(built, filepath.Join(e.binDir, name)); err != nil {
			e.buildErr[name] = err
		}
	}
	return e, nil
}

// goBuild builds ./cmd/name into out, as make build does.
func goBuild(name, out string) error {
	args := []string{"build", "-trimpath", "-o", out}
	if name == "tent-monitor" {
		args = append(args, "-ldflags=-s -w") // as make build builds it
	}
	cmd := exec.Command("go", append(args, "./cmd/"+name)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/%s: %w: %s", name, err, buildMsg(out))
	}
	return nil
}

// install copies a built binary with write(2), as install(1) (make install)
// and dpkg (crun, runc) do. The Go linker writes its output through a
// shared mapping, which leaves the file in the page cache as small pages:
// tent run starts slower from such a file than from a copy of the same
// bytes (docs/benchmarks.md has the figure), a difference no user of an
// installed tent sees.
func install(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("install %s: %w", src, err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("install %s: %w", dst, err)
	}
	if err := os.WriteFile(dst, b, 0o755); err != nil {
		return fmt.Errorf("install %s: %w", dst, err)
	}
	return nil
}

// close removes the bench's temp dir, after unmounting what is left in it.
func (e *env) close() {
	if e.tmp == "" {
		return
	}
	if p, err := e.bin("tent"); err == nil {
		out, _ := exec.Command(p, "--root", e.tentRoot, "--state", e.tentState, "ps", "-a", "-q").Output()
		for _, id := range strings.Fields(string(out)) {
			_ = exec.Command(p, "--root", e.tentRoot, "--state", e.tentState, "rm", "-f", id).Run()
		}
	}
	if err := unmountUnder(e.tmp); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v; leaving %s\n", err, e.tmp)
		return
	}
	_ = os.RemoveAll(e.tmp)
}

// bin is the path of a built binary of this repo.
func (e *env) bin(name string) (string, error) {
	if err := e.buildErr[name]; err != nil {
		return "", err
	}
	p := filepath.Join(e.binDir, name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("binary %s: %w", name, err)
	}
	return p, nil
}

func (e *env) tentBin() (string, error) { return e.bin("tent") }

// tentCmd is tent with the bench store.
func (e *env) tentCmd(args ...string) (*exec.Cmd, error) {
	p, err := e.tentBin()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(p, args...)
	cmd.Env = append(os.Environ(), "TENT_ROOT="+e.tentRoot, "TENT_STATE="+e.tentState)
	return cmd, nil
}

// archive writes the busybox image as a docker-archive with tent-mkimage,
// once, and returns its path (for peers: podman load, docker load).
func (e *env) archive() (string, error) {
	e.archiveOnce.Do(func() {
		mk, err := e.bin("tent-mkimage")
		if err != nil {
			e.archiveErr = err
			return
		}
		tar := filepath.Join(e.tmp, "busybox.tar")
		if e.archiveErr = run(exec.Command(mk, "-o", tar, "--ref", benchImage)); e.archiveErr == nil {
			e.imageTar = tar
		}
	})
	return e.imageTar, e.archiveErr
}

// image loads the busybox archive into the bench store, once, and returns
// its reference.
func (e *env) image() (string, error) {
	e.imageOnce.Do(func() {
		tar, err := e.archive()
		if err == nil {
			var cmd *exec.Cmd
			if cmd, err = e.tentCmd("load", "-i", tar); err == nil {
				err = run(cmd)
			}
		}
		e.imageRef, e.imageErr = benchImage, err
	})
	return e.imageRef, e.imageErr
}

// bundle makes, once, an OCI bundle equivalent to the test image: a rootfs of
// the host's static busybox and its applet links, and a config.json running
// /bin/true in new pid, mount, uts, ipc and network namespaces.
func (e *env) bundle() (string, error) {
	e.bundleOnce.Do(func() { e.bundleDir, e.bundleErr = makeBundle(e.tmp) })
	return e.bundleDir, e.bundleErr
}

func makeBundle(tmp string) (string, error) {
	bb, err := exec.LookPath("busybox")
	if err != nil {
		return "", skipf("busybox not installed (Debian busybox-static)")
	}
	dir := filepath.Join(tmp, "bundle")
	binDir := filepath.Join(dir, "rootfs", "bin")
	for _, d := range []string{binDir, filepath.Join(dir, "rootfs", "proc"), filepath.Join(dir, "rootfs", "dev"),
		filepath.Join(dir, "rootfs", "sys"), filepath.Join(dir, "rootfs", "etc"), filepath.Join(dir, "rootfs", "tmp")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", fmt.Errorf("make bundle: %w", err)
		}
	}
	data, err := os.ReadFile(bb)
	if err != nil {
		return "", fmt.Errorf("read busybox: %w", err)
	}
	if err := os.WriteFile(filepath.Join(binDir, "busybox"), data, 0o755); err != nil {
		return "", fmt.Errorf("copy busybox: %w", err)
	}
	out, err := exec.Command(bb, "--list").Output()
	if err != nil {
		return "", fmt.Errorf("busybox --list: %w", err)
	}
	for _, applet := range strings.Fields(string(out)) {
		if applet == "busybox" {
			continue
		}
		if err := os.Symlink("busybox", filepath.Join(binDir, applet)); err != nil && !os.IsExist(err) {
			return "", fmt.Errorf("applet link: %w", err)
		}
	}
	spec, err := json.MarshalIndent(bundleSpec([]string{"/bin/true"}), "", "  ")
	if err != nil {
		return "", fmt.Errorf("marshal spec: %w", err)
	}
	return dir, os.WriteFile(filepath.Join(dir, "config.json"), spec, 0o644)
}

// v1 runs cmd in a thread whose private mount namespace has no
// /sys/fs/cgroup/unified, so crun 1.8 sees a cgroup v1 host instead of the
// hybrid one it refuses. Nothing outside changes. On a pure v1 or v2 host it
// just runs cmd.
func (e *env) v1(cmd *exec.Cmd) error {
	return e.inV1(func() error { return run(cmd) })
}

// inV1 calls f on the thread of that mount namespace: what f starts, a
// daemon too, lives in it.
func (e *env) inV1(f func() error) error {
	e.v1Once.Do(func() {
		mi, _ := os.ReadFile("/proc/self/mountinfo")
		e.v1Thread, e.v1Err = hybridv1.New(string(mi))
	})
	if e.v1Err != nil {
		return e.v1Err
	}
	var err error
	e.v1Thread.Do(func() { err = f() }) // forks from the locked thread
	return err
}

// mountsMatching lists mount points of this thread's namespace for which ok
// is true, deepest first.
func mountsMatching(ok func(mp, fstype string) bool) []string {
	f, err := os.Open("/proc/thread-self/mountinfo")
	if err != nil {
		return nil
	}
	defer f.Close()
	var mps []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		for i, x := range fields {
			if x == "-" && i+1 < len(fields) && len(fields) > 4 && ok(fields[4], fields[i+1]) {
				mps = append([]string{fields[4]}, mps...)
				break
			}
		}
	}
	return mps
}

func unmountUnder(dir string) error {
	for _, mp := range mountsMatching(func(mp, _ string) bool { return mp == dir || strings.HasPrefix(mp, dir+"/") }) {
		if err := unix.Unmount(mp, unix.MNT_DETACH); err != nil {
			return fmt.Errorf("unmount %s: %w", mp, err)
		}
	}
	return nil
}

// buildMsg is the first compiler message of go build's output.
func buildMsg(out []byte) string {
	for _, l := range strings.Split(string(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return strings.TrimSpace(string(out))
}
