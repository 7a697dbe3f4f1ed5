package tests

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A foreground run without -t never hands tent's terminal to the
// container: its stdout is a pipe tent copies to the terminal, and the
// exit code is the command's.
func TestRunWithoutTTYGetsPipes(t *testing.T) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer master.Close()
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	cmd := tentCmd(t, "run", "--rm", "--network", "none", busyboxImage(t), "sh", "-c", "ls -l /proc/self/fd/1 /proc/self/fd/2; exit 3")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	var out bytes.Buffer
	copied := make(chan struct{})
	go func() { io.Copy(&out, master); close(copied) }()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("tent run did not exit")
	}
	tty.Close()
	time.Sleep(100 * time.Millisecond) // the last output reaches the master
	master.Close()
	<-copied
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Errorf("exit code %d, want 3\n%s", code, out.String())
	}
	s := out.String()
	if strings.Count(s, "pipe:") != 2 || strings.Contains(s, "/dev/pts") {
		t.Fatalf("the container's stdout and stderr should be pipes, not tent's terminal:\n%s", s)
	}
}
