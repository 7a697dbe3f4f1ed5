package engine

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPty returns a pty's master and its terminal (the slave).
func openPty(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}

func isFIFO(t *testing.T, f *os.File) bool {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	return st.Mode&unix.S_IFMT == unix.S_IFIFO
}

// Without -t the container never gets tent's terminal: a terminal stdin or
// stdout becomes a pipe copied through; a file stays as it is.
func TestPipeStdio(t *testing.T) {
	master, tty := openPty(t)
	file, err := os.Create(filepath.Join(t.TempDir(), "err"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	child, p, err := pipeStdio(Stdio{In: tty, Out: tty, Err: file}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	if !isFIFO(t, child.In) || !isFIFO(t, child.Out) || child.Err != file {
		t.Fatalf("child stdio: in fifo %v, out fifo %v, err the file %v", isFIFO(t, child.In), isFIFO(t, child.Out), child.Err == file)
	}
	if _, err := child.Out.Write([]byte("from the container")); err != nil {
		t.Fatal(err)
	}
	p.drain() // closes the child's ends: the copy sees EOF
	buf := make([]byte, 64)
	master.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, err := master.Read(buf)
	if err != nil || string(buf[:n]) != "from the container" {
		t.Fatalf("terminal got %q, %v", buf[:n], err)
	}

	child, p2, err := pipeStdio(Stdio{In: tty, Out: file, Err: file}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer p2.close()
	if child.In != nil || child.Out != file || child.Err != file {
		t.Fatalf("not interactive, no terminal: want no stdin and the files as they are, got %+v", child)
	}
}
