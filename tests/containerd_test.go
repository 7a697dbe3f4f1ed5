package tests

import (
	"bytes"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestContainerdCtr drives the runtime under test through a private
// containerd with ctr, as `ctr run --runc-binary` users do: exit codes,
// stdout and stdin, a tty, and a detached task's exec, ps, pause/resume,
// metrics and kill; nothing is left behind.
func TestContainerdCtr(t *testing.T) {
	rt := interopRuntime(t)
	ref := pushBusybox(t, startRegistry(t), "interop/busybox")
	c := startContainerd(t, false, "")
	c.pull(t, ref)
	ids := []string{"fg", "stdin", "tty", "bg"}
	t.Run("exit code and stdout", func(t *testing.T) {
		r := c.ctr(t, c.runArgs(rt, "--rm", ref, "fg", "sh", "-c", "echo out-$((6*7)); exit 7")...)
		if r.Code != 7 || strings.TrimSpace(r.Stdout) != "out-42" {
			t.Fatalf("want exit 7 and out-42:\n%s", r)
		}
	})
	// ctr does not close the container's stdin at EOF: the command reads a line.
	t.Run("stdin", func(t *testing.T) {
		cmd := c.ctrCmd(t, c.runArgs(rt, "--rm", ref, "stdin", "sh", "-c", "read l; echo \"$l\" | tr a-z A-Z")...)
		cmd.Stdin = strings.NewReader("piped in\n")
		out, err := cmd.CombinedOutput()
		if err != nil || string(out) != "PIPED IN\n" {
			t.Fatalf("ctr run with stdin: %v, output %q", err, out)
		}
	})
	t.Run("tty", func(t *testing.T) { ctrTTY(t, c, rt, ref) })
	t.Run("detached", func(t *testing.T) { ctrDetached(t, c, rt, ref) })
	c.assertClean(t, "default", ids...)
}

// ctrTTY runs `ctr run -t` on a pty: the container's stdio is a terminal
// and the exit code comes back.
func ctrTTY(t *testing.T, c *containerd, rt, ref string) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	cmd := c.ctrCmd(t, c.runArgs(rt, "-t", "--rm", ref, "tty", "sh", "-c", "tty; exit 3")...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&out, ptmx); close(done) }()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	tty.Close()
	<-done
	if code := cmd.ProcessState.ExitCode(); code != 3 || !strings.Contains(out.String(), "/dev/pts/") {
		t.Fatalf("ctr run -t: exit %d (want 3), output %q (want a /dev/pts/ tty)", code, out.String())
	}
}

// ctrDetached runs a task with -d and drives it with ctr task.
func ctrDetached(t *testing.T, c *containerd, rt, ref string) {
	mustSucceed(t, c.ctr(t, c.runArgs(rt, "-d", ref, "bg", "sleep", "300")...))
	r := c.ctr(t, "task", "exec", "--exec-id", "e1", "bg", "sh", "-c", "echo exec-$$; exit 4")
	if r.Code != 4 || !strings.HasPrefix(strings.TrimSpace(r.Stdout), "exec-") {
		t.Errorf("task exec: want exit 4 and exec-PID:\n%s", r)
	}
	r = c.ctr(t, "task", "ps", "bg")
	mustSucceed(t, r)
	if rows := fieldsOf(r.Stdout); len(rows) < 2 || rows[0][0] != "PID" {
		t.Errorf("task ps: want a header and the init process:\n%s", r)
	}
	mustSucceed(t, c.ctr(t, "task", "pause", "bg"))
	taskStatus(t, c, "bg", "PAUSED")
	mustSucceed(t, c.ctr(t, "task", "resume", "bg"))
	taskStatus(t, c, "bg", "RUNNING")
	r = c.ctr(t, "task", "metrics", "bg")
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "memory") && !strings.Contains(r.Stdout, "pids") {
		t.Errorf("task metrics: no memory or pids figures:\n%s", r)
	}
	mustSucceed(t, c.ctr(t, "task", "kill", "-s", "SIGKILL", "bg"))
	waitFor(t, 10*time.Second, "task bg stopped", func() bool {
		r := c.ctr(t, "task", "ls")
		return strings.Contains(r.Stdout, "STOPPED") || !strings.Contains(r.Stdout, "bg")
	})
	mustSucceed(t, c.ctr(t, "task", "rm", "bg"))
	mustSucceed(t, c.ctr(t, "containers", "rm", "bg"))
}

// taskStatus fails the test unless `ctr task ls` shows id with status.
func taskStatus(t *testing.T, c *containerd, id, status string) {
	t.Helper()
	r := c.ctr(t, "task", "ls")
	for _, row := range fieldsOf(r.Stdout) {
		if len(row) == 3 && row[0] == id && row[2] == status {
			return
		}
	}
	t.Errorf("task %s not %s:\n%s", id, status, r)
}
