package tests

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// The run's shared dirs and binaries, set once by TestMain.
var (
	testTmp   string               // temp dir of the whole run; everything below it
	testRoot  string               // TENT_ROOT of the run (shared image store)
	testState string               // TENT_STATE of the run
	binDir    string               // where tent and tent-mkimage are
	buildErrs = map[string]error{} // per binary: why it could not be built
)

// binaries are the commands the tests run, built from ./cmd/<name>.
var binaries = []string{"tent", "tent-init", "tent-image", "tent-mkimage", "tent-runc"}

func TestMain(m *testing.M) {
	if os.Geteuid() != 0 {
		fmt.Println("tests: skipping the end-to-end tests: they need root (sudo make check)")
		os.Exit(0)
	}
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	// The fds this run inherited (the roottest.lock flock(1) holds, say) go
	// to no child: a registry or container that outlives the run must not
	// keep the lock held.
	if err := unix.CloseRange(3, math.MaxUint32, unix.CLOSE_RANGE_CLOEXEC); err != nil {
		fmt.Fprintf(os.Stderr, "tests: close_range: %v\n", err)
	}
	var err error
	testTmp, err = os.MkdirTemp("", "tent-e2e-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "tests: make temp dir: %v\n", err)
		return 1
	}
	testRoot = filepath.Join(testTmp, "root")
	testState = filepath.Join(testTmp, "state")
	for _, d := range []string{testRoot, testState} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintf(os.Stderr, "tests: %v\n", err)
			return 1
		}
	}
	if dir := os.Getenv("TENT_BIN_DIR"); dir != "" {
		binDir, err = filepath.Abs(dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "tests: TENT_BIN_DIR: %v\n", err)
			return 1
		}
	} else {
		binDir = filepath.Join(testTmp, "bin")
		buildAll()
	}
	mounts := suiteMounts()
	code := m.Run()
	cleanupRun()
	if left := mountsOutliving(mounts); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "tests: FAIL: mounts left by this run's tests (in %s):\n  %s\n",
			strings.Join(outlivingMountDirs, ", "), strings.Join(left, "\n  "))
		code = max(code, 1)
	}
	return code
}

// buildAll builds every binary on its own, so one part that does not compile
// yet only fails the tests that need it.
func buildAll() {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	for _, name := range binaries {
		cmd := exec.Command(gobin, "build", "-trimpath", "-o", filepath.Join(binDir, name), "./cmd/"+name)
		cmd.Dir = ".." // the module root: go test runs in the package dir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErrs[name] = fmt.Errorf("go build ./cmd/%s: %w\n%s", name, err, out)
			fmt.Fprintf(os.Stderr, "tests: %v\n", buildErrs[name])
		}
	}
}

// bin returns the path of a built binary, or fails the test saying why there
// is none.
func bin(t testing.TB, name string) string {
	t.Helper()
	if err := buildErrs[name]; err != nil {
		t.Fatalf("binary %s was not built: %v", name, err)
	}
	p := filepath.Join(binDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("binary %s: %v (TENT_BIN_DIR=%q)", name, err, os.Getenv("TENT_BIN_DIR"))
	}
	return p
}

// cleanupRun removes what the run left: containers, monitor processes, mounts
// under the temp dir, then the temp dir itself.
func cleanupRun() {
	tentBin := filepath.Join(binDir, "tent")
	env := append(os.Environ(), "TENT_ROOT="+testRoot, "TENT_STATE="+testState)
	if _, err := os.Stat(tentBin); err == nil {
		out, _ := runQuiet(env, tentBin, "ps", "-a", "-q")
		for _, id := range strings.Fields(out) {
			if _, err := runQuiet(env, tentBin, "rm", "-f", id); err != nil {
				fmt.Fprintf(os.Stderr, "tests: cleanup: tent rm -f %s: %v\n", id, err)
			}
		}
		pids := append(pidsOf(tentBin), pidsOf(filepath.Join(binDir, "tent-init"))...)
		for _, pid := range append(pids, pidsOf(filepath.Join(binDir, "tent-image"))...) {
			fmt.Fprintf(os.Stderr, "tests: cleanup: killing leftover tent process %d\n", pid)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	if err := unmountUnder(testTmp); err != nil {
		// Removing through a mount could delete host files (a -v bind mount):
		// keep the dir rather than risk it.
		fmt.Fprintf(os.Stderr, "tests: cleanup: %v; leaving %s in place\n", err, testTmp)
		return
	}
	if err := os.RemoveAll(testTmp); err != nil {
		fmt.Fprintf(os.Stderr, "tests: cleanup: %v\n", err)
	}
}

func runQuiet(env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	out, err := cmd.Output()
	return string(out), err
}

// pidsOf lists the processes whose executable is exe and that belong to this
// run: their command line or environment names the run's temp dir. A bin dir
// shared with other runs (TENT_BIN_DIR=bin in a checkout) must not make us
// count or kill their processes.
func pidsOf(exe string) []int {
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		if p, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err != nil || p != exe {
			continue
		}
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		environ, _ := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		if strings.Contains(string(cmdline), testTmp) || strings.Contains(string(environ), testTmp) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// mountsUnder returns the mount points at or below dir in this mount
// namespace, deepest first.
func mountsUnder(dir string) ([]string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("read mountinfo: %w", err)
	}
	defer f.Close()
	var mps []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		mp := unescapeMount(fields[4])
		if mp == dir || strings.HasPrefix(mp, dir+"/") {
			mps = append(mps, mp)
		}
	}
	sort.Slice(mps, func(i, j int) bool { return len(mps[i]) > len(mps[j]) })
	return mps, sc.Err()
}

func unmountUnder(dir string) error {
	mps, err := mountsUnder(dir)
	if err != nil {
		return err
	}
	for _, mp := range mps {
		if err := syscall.Unmount(mp, syscall.MNT_DETACH); err != nil {
			return fmt.Errorf("unmount %s: %w", mp, err)
		}
	}
	return nil
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// The run's busybox image, made once.
var busybox struct {
	sync.Mutex
	done bool
	ref  string
	err  error
}

const busyboxRef = "tent-test/busybox:latest"

// busyboxImage makes the test image with tent-mkimage and loads it into the
// shared store, once per run, and returns its reference.
func busyboxImage(t testing.TB) string {
	t.Helper()
	busybox.Lock()
	defer busybox.Unlock()
	if !busybox.done {
		busybox.done = true
		busybox.ref, busybox.err = makeBusybox(t)
	}
	if busybox.err != nil {
		t.Fatalf("test image %s: %v", busyboxRef, busybox.err)
	}
	return busybox.ref
}

func makeBusybox(t testing.TB) (string, error) {
	tar := filepath.Join(testTmp, "busybox.tar")
	r := runCmd(t, os.Environ(), bin(t, "tent-mkimage"), "-o", tar, "--ref", busyboxRef)
	if r.Code != 0 {
		return "", fmt.Errorf("tent-mkimage failed:\n%s", r)
	}
	r = tent(t, "load", "-i", tar)
	if r.Code != 0 {
		return "", fmt.Errorf("tent load failed:\n%s", r)
	}
	return busyboxRef, nil
}
