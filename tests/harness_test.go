package tests

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cmdTimeout bounds every tent() call: a hung command is killed and fails the test.
const cmdTimeout = 2 * time.Minute

// result is what a finished command left.
type result struct {
	Args   []string
	Stdout string
	Stderr string
	Code   int // exit code; 128+N when killed by signal N
}

func (r result) String() string {
	return fmt.Sprintf("$ %s\nexit code %d\n--- stdout\n%s\n--- stderr\n%s",
		strings.Join(r.Args, " "), r.Code, r.Stdout, r.Stderr)
}

// tent runs tent with the run's shared root and state.
func tent(t testing.TB, args ...string) result {
	t.Helper()
	return tentIn(t, testRoot, testState, args...)
}

// tentIn runs tent with a private root and state, e.g. a store of t.TempDir().
func tentIn(t testing.TB, root, state string, args ...string) result {
	t.Helper()
	return runCmd(t, envWith(root, state), bin(t, "tent"), args...)
}

// tentCmd returns tent as an unstarted *exec.Cmd with the shared root and
// state, for tests that send signals or write stdin. The process is killed in
// t.Cleanup if it is still there.
func tentCmd(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin(t, "tent"), args...)
	cmd.Env = envWith(testRoot, testState)
	t.Cleanup(func() {
		if cmd.Process != nil && cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return cmd
}

func envWith(root, state string) []string {
	return append(os.Environ(), "TENT_ROOT="+root, "TENT_STATE="+state)
}

// runCmd runs a command to its end, with cmdTimeout. Its own process group is
// killed on timeout, so a hung child does not keep the pipes open.
func runCmd(t testing.TB, env []string, name string, args ...string) result {
	t.Helper()
	return runCmdIn(t, env, nil, name, args...)
}

// runCmdIn is runCmd with stdin read from in (nil: /dev/null).
func runCmdIn(t testing.TB, env []string, in io.Reader, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Stdin = env, in
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{Args: append([]string{filepath.Base(name)}, args...), Stdout: stdout.String(), Stderr: stderr.String()}
	if ctx.Err() != nil {
		t.Fatalf("timed out after %v, killed:\n%s", cmdTimeout, r)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Code = 128 + int(ws.Signal())
		}
	default:
		t.Fatalf("run %s: %v", name, err)
	}
	return r
}

// mustSucceed fails the test with the command's output unless it exited 0.
func mustSucceed(t testing.TB, r result) {
	t.Helper()
	if r.Code != 0 {
		t.Fatalf("command failed:\n%s", r)
	}
}

// startRegistry starts Debian's docker-registry on a free loopback port with
// storage in a temp dir, waits until GET /v2/ answers, and stops it in
// t.Cleanup. It returns "127.0.0.1:PORT".
func startRegistry(t testing.TB) string {
	t.Helper()
	return startRegistryWith(t, "")
}

// startRegistryWith is startRegistry with more of the registry's config
// (YAML appended at the top level, e.g. an auth: section); a registry
// answering GET /v2/ with 401 is up.
func startRegistryWith(t testing.TB, extraConf string) string {
	t.Helper()
	exe, err := exec.LookPath("docker-registry")
	if err != nil {
		t.Fatalf("docker-registry not found (Debian package docker-registry; make test-deps installs it): %v", err)
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a free port can be taken before we bind it
		addr, err := tryRegistry(t, exe, extraConf)
		if err == nil {
			return addr
		}
		lastErr = err
	}
	t.Fatalf("start registry: %v", lastErr)
	return ""
}

func tryRegistry(t testing.TB, exe, extraConf string) (string, error) {
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := l.Addr().String()
	l.Close()
	conf := fmt.Sprintf(`version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: %s
  delete:
    enabled: true
http:
  addr: %s
%s`, filepath.Join(dir, "data"), addr, extraConf)
	confPath := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return "", fmt.Errorf("write registry config: %w", err)
	}
	logPath := filepath.Join(dir, "registry.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return "", fmt.Errorf("create registry log: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(exe, "serve", confPath)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start %s: %w", exe, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			out, _ := os.ReadFile(logPath)
			return "", fmt.Errorf("registry on %s exited at start:\n%s", addr, tail(string(out), 20))
		default:
		}
		resp, err := client.Get("http://" + addr + "/v2/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK || extraConf != "" && resp.StatusCode == http.StatusUnauthorized {
				t.Cleanup(func() {
					stop()
					if t.Failed() {
						out, _ := os.ReadFile(logPath)
						t.Logf("registry log (last lines):\n%s", tail(string(out), 30))
					}
				})
				return addr, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	out, _ := os.ReadFile(logPath)
	return "", fmt.Errorf("registry on %s did not answer GET /v2/ within 20s:\n%s", addr, tail(string(out), 20))
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestHarnessRegistry(t *testing.T) {
	addr := startRegistry(t)
	resp, err := http.Get("http://" + addr + "/v2/")
	if err != nil {
		t.Fatalf("GET /v2/: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v2/: status %d, want 200", resp.StatusCode)
	}
	if got := resp.Header.Get("Docker-Distribution-Api-Version"); got != "registry/2.0" {
		t.Errorf("Docker-Distribution-Api-Version = %q, want registry/2.0", got)
	}
}
