package tests

import (
	"strings"
	"testing"
	"time"
)

// attach on a terminal to a `run -d -it` shell: what is typed runs, the
// terminal's size reaches the container, ctrl-p ctrl-q leaves it running.
func TestAttachTTYDetachKeys(t *testing.T) {
	name := uniq("at")
	runD(t, "-it", "--name", name, busyboxImage(t), "sh")
	ptmx, out, done := ttyCmd(t, 33, 111, "attach", name)
	time.Sleep(300 * time.Millisecond) // connected, size sent
	ptmx.WriteString("echo hi-$((40+2)); stty size\r")
	waitFor(t, 5*time.Second, "the command's output through attach", func() bool {
		return strings.Contains(out.String(), "hi-42") && strings.Contains(out.String(), "33 111")
	})
	ptmx.Write([]byte{0x10, 0x11}) // ctrl-p ctrl-q
	if code := waitExit(t, done, out); code != 0 {
		t.Fatalf("attach after the detach keys: exit %d\n%s", code, out.String())
	}
	if l := psLine(t, name); !strings.Contains(l, "|Up ") {
		t.Errorf("after detach: %q, want the container still up", l)
	}
	// --detach-keys, and the shell's exit code comes back through attach.
	ptmx, out, done = ttyCmd(t, 24, 80, "attach", "--detach-keys", "ctrl-a,x", name)
	time.Sleep(300 * time.Millisecond)
	ptmx.WriteString("exit 7\r")
	if code := waitExit(t, done, out); code != 7 {
		t.Errorf("attach to a shell that exits 7: exit %d\n%s", code, out.String())
	}
}

// attach without a tty and without stdin: the output streams live (stdout
// and stderr apart) and attach ends with the container's exit code.
func TestAttachNoTTY(t *testing.T) {
	name := uniq("an")
	runD(t, "--name", name, busyboxImage(t), "sh", "-c",
		"sleep 0.5; for i in 1 2 3; do echo out-$i; echo err-$i >&2; sleep 0.1; done; exit 3")
	cmd := tentCmd(t, "attach", "--no-stdin", name)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Fatalf("attach: exit code %d (%v), want 3\nstdout %q\nstderr %q", code, err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "out-3") || strings.Contains(stdout.String(), "err-") || !strings.Contains(stderr.String(), "err-3") {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	if r := tent(t, "attach", name); r.Code == 0 || !strings.Contains(r.Stderr, "stopped container") {
		t.Errorf("attach to a stopped container:\n%s", r)
	}
}
