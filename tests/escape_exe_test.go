package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// CVE-2019-5736: a container process that gets hold of /proc/PID/exe of a
// tent process in the container (the init or exec's stage-2; tent-init run
// again by a `#!/proc/self/exe` script as the command) must not be able to
// open the host's binary for writing, during or after that process's life.
// The attacker is tests/exeattack (static Go), bind-mounted in.

// selfExeScript is the `#!/proc/self/exe` script: as a command it makes the
// execve from tent's init or stage-2 run tent's binary again, in the
// container, dumpable.
const selfExeScript = "#!/proc/self/exe\n"

var attacker struct {
	once sync.Once
	path string
	err  error
}

// attackFiles builds tests/exeattack once per run and writes the script; it
// returns the -v flags that mount both: /attack and /x.sh.
func attackFiles(t *testing.T) []string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "x.sh")
	if err := os.WriteFile(script, []byte(selfExeScript), 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{"-v", attackerBinary(t) + ":/attack:ro", "-v", script + ":/x.sh:ro"}
}

// attackerBinary builds tests/exeattack (static) once per run.
func attackerBinary(t *testing.T) string {
	t.Helper()
	attacker.once.Do(func() {
		attacker.path = filepath.Join(testTmp, "exeattack")
		cmd := exec.Command("go", "build", "-trimpath", "-o", attacker.path, "./tests/exeattack")
		if _, err := exec.LookPath("go"); err != nil {
			cmd.Path = "/usr/local/go/bin/go"
		}
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			attacker.err = fmt.Errorf("go build ./tests/exeattack: %w\n%s", err, out)
		}
	})
	if attacker.err != nil {
		t.Fatal(attacker.err)
	}
	return attacker.path
}

// hostSums are the sha256 of tent's binaries on the host.
func hostSums(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, name := range []string{"tent", "tent-init"} {
		f, err := os.Open(bin(t, name))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		m[name] = hex.EncodeToString(h.Sum(nil))
	}
	return m
}

func assertSums(t *testing.T, before map[string]string) {
	t.Helper()
	for name, sum := range hostSums(t) {
		if sum != before[name] {
			t.Errorf("host %s changed: sha256 %s, was %s", name, sum, before[name])
		}
	}
}

var attackDone = regexp.MustCompile(`done seen=(\d+) denied=(\d+) final=(\d+) writable=(\d+)`)

// assertAttackFailed reads the attacker's report: it must have held at
// least one tent exe past its process's end (or the test proves nothing),
// and opened none for writing; every held one ends with EROFS.
func assertAttackFailed(t *testing.T, report string) {
	t.Helper()
	if m := assertNoneWritable(t, report); m[3] == "0" {
		t.Fatalf("the attacker held no tent binary past its process (the test proves nothing):\n%s", report)
	}
}

// assertNoneWritable: the attacker finished, opened no exe for writing,
// and every held one reopens only as EROFS; it returns attackDone's match.
func assertNoneWritable(t *testing.T, report string) []string {
	t.Helper()
	m := attackDone.FindStringSubmatch(report)
	switch {
	case m == nil:
		t.Fatalf("attacker did not finish:\n%s", report)
	case m[4] != "0" || strings.Contains(report, "WRITABLE"):
		t.Fatalf("an exe was opened for writing from the container:\n%s", report)
	}
	for _, l := range strings.Split(report, "\n") {
		if strings.HasPrefix(l, "final ") && !strings.HasSuffix(l, " EROFS") {
			t.Errorf("held exe reopened for writing: %q, want EROFS", l)
		}
	}
	return m
}

// ptraceable gives the container CAP_SYS_PTRACE, which sends tent exec
// (and health checks) through stage-2: the escape tests below attack the
// stage-2 and the init, whose processes live long enough to be caught;
// TestEscapeExeExecFast attacks the fast path.
var ptraceable = []string{"--cap-add", "SYS_PTRACE"}

// TestEscapeExeExec: stage-2 execs (CAP_SYS_PTRACE sends them there) while
// the attacker loops over /proc/*/exe; some run the script, which makes the
// stage-2's execve run the init binary again in the container. A process
// in the container's pid namespace between its clone and its execve still
// runs its parent's binary: the launcher (runtime/launch.go) makes that
// parent the read-only init binary, so the attacker may see only that,
// never tent itself.
func TestEscapeExeExec(t *testing.T) {
	sums := hostSums(t)
	args := append(append(ptraceable, attackFiles(t)...), busyboxImage(t), "/attack", "-for", "8s", "-want", "1000000")
	id := runD(t, args...)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		// tent-init, run again by the script, refuses argv and exits non-zero.
		if r := tent(t, "exec", id, "/x.sh"); r.Code == 0 {
			t.Fatalf("exec of the script succeeded:\n%s", r)
		}
		mustSucceed(t, tent(t, "exec", id, "true"))
	}
	mustSucceed(t, tent(t, "wait", id))
	report := tent(t, "logs", id).Stdout
	assertAttackFailed(t, report)
	assertOnlyInitExeSeen(t, report)
	assertSums(t, sums)
}

// assertOnlyInitExeSeen: every exe the attacker found in the container is
// the runtime's read-only init binary.
func assertOnlyInitExeSeen(t *testing.T, report string) {
	t.Helper()
	for _, l := range strings.Split(report, "\n") {
		if f := strings.SplitN(l, " ", 3); len(f) == 3 && f[0] == "seen" && !strings.HasSuffix(f[2], "/.init-exe") {
			t.Errorf("the container saw a process run %s, not the read-only init binary: %q", f[2], l)
		}
	}
}

func TestEscapeExeHealthcheck(t *testing.T) {
	sums := hostSums(t)
	img := healthImage(t, []string{"CMD", "/x.sh"}, 100*time.Millisecond)
	args := append(append(ptraceable, attackFiles(t)...), img, "/attack", "-for", "60s", "-want", "2")
	id := runD(t, args...)
	mustSucceed(t, tent(t, "wait", id))
	report := tent(t, "logs", id).Stdout
	assertAttackFailed(t, report)
	assertOnlyInitExeSeen(t, report)
	assertSums(t, sums)
}

// TestEscapeExeExecFast: execs on the fast path (no CAP_SYS_PTRACE) while
// the attacker loops over /proc/*/exe. Between fork and exec the child is
// a non-dumpable copy of tent (its exe: EACCES); then it runs the
// trampoline from a read-only mount, and a `#!/proc/self/exe` script finds
// the trampoline, not tent, as its interpreter (which then refuses to
// run: 126). The attacker must never open any of them for writing.
func TestEscapeExeExecFast(t *testing.T) {
	sums := hostSums(t)
	args := append(attackFiles(t), busyboxImage(t), "/attack", "-for", "8s", "-want", "1000000")
	id := runD(t, args...)
	for deadline := time.Now().Add(6 * time.Second); time.Now().Before(deadline); {
		if r := tent(t, "exec", id, "/x.sh"); r.Code != 126 {
			t.Fatalf("exec of the script: want 126 (the trampoline refuses to be an interpreter)\n%s", r)
		}
		mustSucceed(t, tent(t, "exec", id, "true"))
	}
	mustSucceed(t, tent(t, "wait", id))
	report := tent(t, "logs", id).Stdout
	if m := assertNoneWritable(t, report); m[1] == "0" {
		t.Fatalf("the attacker saw no exec'd process (the test proves nothing):\n%s", report)
	}
	assertSums(t, sums)
}

// healthImage is the busybox image with a HEALTHCHECK in its config, loaded
// into the shared store under a ref of its own.
func healthImage(t *testing.T, test []string, interval time.Duration) string {
	t.Helper()
	ref := "tent-test/health-" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-")) + ":latest"
	dir := t.TempDir()
	base, out := filepath.Join(dir, "base.tar"), filepath.Join(dir, "health.tar")
	if r := runCmd(t, os.Environ(), bin(t, "tent-mkimage"), "-o", base); r.Code != 0 {
		t.Fatal(r)
	}
	img, err := tarball.ImageFromPath(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	c.Healthcheck = &v1.HealthConfig{Test: test, Interval: interval, Timeout: 10 * time.Second, Retries: 1000}
	if img, err = mutate.Config(img, c); err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := tarball.WriteToFile(out, tag, img); err != nil {
		t.Fatal(err)
	}
	mustSucceed(t, tent(t, "load", "-i", out))
	t.Cleanup(func() { tent(t, "rmi", ref) })
	return ref
}
