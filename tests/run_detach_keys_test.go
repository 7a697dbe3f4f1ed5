package tests

import (
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ttyCmd starts `tent ARGS` on a new terminal of rows x cols; what the
// terminal shows is copied into the returned buffer.
func ttyCmd(t *testing.T, rows, cols uint16, args ...string) (*os.File, *syncBuffer, chan error) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ptmx.Close() })
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: rows, Cols: cols}); err != nil {
		t.Fatal(err)
	}
	cmd := tentCmd(t, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	out := &syncBuffer{}
	go func() { _, _ = io.Copy(out, ptmx) }()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return ptmx, out, done
}

// waitExit waits for a ttyCmd to end and returns its exit code.
func waitExit(t *testing.T, done chan error, out *syncBuffer) int {
	t.Helper()
	select {
	case err := <-done:
		if ee, ok := err.(interface{ ExitCode() int }); ok {
			return ee.ExitCode()
		}
		return 0
	case <-time.After(10 * time.Second):
		t.Fatalf("tent did not end\n%s", out.String())
	}
	return -1
}

// run -it --detach-keys: the shell's first prompt is seen (tent attaches
// before the start), the terminal's size is the pty's from the start, the
// keys leave the container running, and attach gets its exit code; with
// --rm the code still comes back. Without --detach-keys, run -it stays in
// the foreground and its exit codes are the same.
func TestRunDetachKeys(t *testing.T) {
	img := busyboxImage(t)
	name := uniq("rk")
	t.Cleanup(func() { tent(t, "rm", "-f", name) })
	ptmx, out, done := ttyCmd(t, 31, 107, "run", "-it", "--detach-keys", "ctrl-p,ctrl-q", "--name", name, "--network", "none", img, "sh")
	waitFor(t, 5*time.Second, "the shell's prompt", func() bool { return strings.Contains(out.String(), "# ") })
	ptmx.WriteString("echo hi-$((40+2)); stty size\r")
	waitFor(t, 5*time.Second, "the command's output", func() bool {
		return strings.Contains(out.String(), "hi-42") && strings.Contains(out.String(), "31 107")
	})
	ptmx.Write([]byte{0x10, 0x11}) // ctrl-p ctrl-q
	if code := waitExit(t, done, out); code != 0 {
		t.Fatalf("run -it after the detach keys: exit %d\n%s", code, out.String())
	}
	if l := psLine(t, name); !strings.Contains(l, "|Up ") {
		t.Fatalf("after detach: %q, want the container still up", l)
	}
	ptmx, out, done = ttyCmd(t, 24, 80, "attach", name)
	time.Sleep(300 * time.Millisecond)
	ptmx.WriteString("exit 7\r")
	if code := waitExit(t, done, out); code != 7 {
		t.Errorf("attach to the detached shell that exits 7: exit %d\n%s", code, out.String())
	}

	name2 := uniq("rk")
	ptmx, out, done = ttyCmd(t, 24, 80, "run", "-it", "--rm", "--detach-keys", "ctrl-a,d", "--name", name2, "--network", "none", img, "sh")
	waitFor(t, 5*time.Second, "the shell's prompt", func() bool { return strings.Contains(out.String(), "# ") })
	ptmx.WriteString("echo still-$((1+1))\r")
	waitFor(t, 5*time.Second, "the command's output", func() bool { return strings.Contains(out.String(), "still-2") })
	ptmx.Write([]byte{0x01, 'd'})
	if code := waitExit(t, done, out); code != 0 {
		t.Fatalf("run -it --detach-keys ctrl-a,d: exit %d\n%s", code, out.String())
	}
	ptmx, out, done = ttyCmd(t, 24, 80, "attach", name2)
	time.Sleep(300 * time.Millisecond)
	ptmx.WriteString("exit 4\r")
	if code := waitExit(t, done, out); code != 4 {
		t.Errorf("attach to a --rm shell that exits 4: exit %d\n%s", code, out.String())
	}
	waitFor(t, 5*time.Second, "--rm to remove the container", func() bool { return psLine(t, name2) == "" })

	_, out, done = ttyCmd(t, 24, 80, "run", "-it", "--rm", "--network", "none", img, "sh", "-c", "exit 3")
	if code := waitExit(t, done, out); code != 3 {
		t.Errorf("run -it --rm of a command that exits 3: exit %d\n%s", code, out.String())
	}
	_, out, done = ttyCmd(t, 24, 80, "run", "-it", "--rm", "--network", "none", img, "/no/such/cmd")
	if code := waitExit(t, done, out); code != 127 {
		t.Errorf("run -it of a missing command: exit %d, want 127\n%s", code, out.String())
	}
	r := tent(t, "run", "--rm", "--detach-keys", "ctrl-", "--network", "none", img, "true")
	if r.Code != 125 || !strings.Contains(r.Stderr, "invalid detach keys") {
		t.Errorf("run with bad --detach-keys: want 125 and invalid detach keys\n%s", r)
	}
}
