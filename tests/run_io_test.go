package tests

import (
	"bytes"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Stdio: pipes and terminals.

// TestRunTTY runs `tent run -it` on a pty: the container gets its own pty of
// the same size, TERM=xterm, the exit code comes back, and tent's terminal
// leaves raw mode when it exits.
func TestRunTTY(t *testing.T) {
	img := busyboxImage(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	cmd := tentCmd(t, "run", "-it", "--rm", "--network", "none", img, "sh", "-c", "tty; stty size; echo $TERM; exit 5")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&out, ptmx); close(done) }()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	after, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tty.Close()
	<-done
	if code := cmd.ProcessState.ExitCode(); code != 5 {
		t.Fatalf("exit code %d, want 5\n%s", code, out.String())
	}
	got := strings.ReplaceAll(out.String(), "\r", "")
	for _, want := range []string{"/dev/pts/0\n", "30 100\n", "xterm\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output %q lacks %q", got, want)
		}
	}
	if after.Lflag != before.Lflag || after.Iflag != before.Iflag || after.Oflag != before.Oflag {
		t.Errorf("terminal not restored: lflag %#x → %#x", before.Lflag, after.Lflag)
	}
}

// TestRunTTYResize: resizing tent's terminal resizes the container's pty
// (SIGWINCH → TIOCSWINSZ on the master).
func TestRunTTYResize(t *testing.T) {
	img := busyboxImage(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	_ = pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 100})
	cmd := tentCmd(t, "run", "-it", "--rm", "--network", "none", img, "sh", "-c", "stty size; read x; stty size")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var out bytes.Buffer
	buf := make([]byte, 256)
	for !strings.Contains(out.String(), "30 100") {
		n, err := ptmx.Read(buf)
		if err != nil {
			t.Fatalf("read: %v (got %q)", err, out.String())
		}
		out.Write(buf[:n])
	}
	_ = pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 120}) // the kernel sends tent SIGWINCH
	time.Sleep(300 * time.Millisecond)
	_, _ = ptmx.Write([]byte("\n"))
	rest, _ := io.ReadAll(ptmx) // EIO once tent and the container are gone
	out.Write(rest)
	_ = cmd.Wait()
	if !strings.Contains(out.String(), "40 120") {
		t.Fatalf("pty not resized: %q", out.String())
	}
}

// TestRunStdin: -i passes tent's stdin to the container; without it the
// container reads /dev/null.
func TestRunStdin(t *testing.T) {
	img := busyboxImage(t)
	for _, tc := range []struct {
		flags []string
		want  string
	}{{[]string{"-i"}, "piped in\n"}, {nil, ""}} {
		args := append(append([]string{"run", "--rm", "--network", "none"}, tc.flags...), img, "cat")
		cmd := tentCmd(t, args...)
		cmd.Stdin = strings.NewReader("piped in\n")
		out, err := cmd.Output()
		if err != nil || string(out) != tc.want {
			t.Errorf("%v: got %q (%v), want %q", tc.flags, out, err, tc.want)
		}
	}
}
