package runtime

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestConsoleSocketAndPidFile drives Create as runc's CLI users do: the pty
// master arrives on --console-socket, the pid in --pid-file.
func TestConsoleSocketAndPidFile(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	dir := t.TempDir()
	sock := filepath.Join(dir, "console.sock")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: sock, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	masters := make(chan *os.File, 1)
	go func() { masters <- recvMaster(t, l) }()
	spec := testSpec("sh", "-c", "echo hello-tty")
	spec.Process.Terminal = true
	pidFile := filepath.Join(dir, "pid")
	c, err := r.Create("sock", CreateOpts{Bundle: bundle, Spec: spec, ConsoleSocket: sock, PidFile: pidFile})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	if b, _ := os.ReadFile(pidFile); string(b) != strconv.Itoa(c.Pid()) {
		t.Errorf("pid file %q, pid %d", b, c.Pid())
	}
	m := <-masters
	if m == nil {
		t.Fatal("no master received")
	}
	defer m.Close()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	out := readPty(m)
	if _, err := c.Wait(); err != nil || !strings.Contains(out, "hello-tty") {
		t.Errorf("output %q, wait %v", out, err)
	}
}

func recvMaster(t *testing.T, l *net.UnixListener) *os.File {
	conn, err := l.AcceptUnix()
	if err != nil {
		return nil
	}
	defer conn.Close()
	buf, oob := make([]byte, 256), make([]byte, unix.CmsgSpace(4))
	_, oobn, _, _, err := conn.ReadMsgUnix(buf, oob)
	if err != nil {
		return nil
	}
	fd, err := parseRights(oob[:oobn])
	if err != nil || fd < 0 {
		return nil
	}
	return os.NewFile(uintptr(fd), "master")
}

// readPty reads until the slave side is gone (EIO) or 2s pass.
func readPty(m *os.File) string {
	outc := make(chan string, 1)
	go func() { b, _ := io.ReadAll(m); outc <- string(b) }()
	select {
	case s := <-outc:
		return s
	case <-time.After(2 * time.Second):
		m.Close()
		return <-outc
	}
}

func TestExecTerminal(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	c, err := r.Create("exectty", CreateOpts{Bundle: bundle, Spec: testSpec("sleep", "100")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	p := testSpec("sh", "-c", "tty").Process
	p.Terminal = true
	masters := make(chan *os.File, 1)
	proc, err := c.Exec(p, Stdio{}, func(m *os.File) error { masters <- m; return nil })
	if err != nil {
		t.Fatal(err)
	}
	m := <-masters
	defer m.Close()
	out := readPty(m)
	if st, err := proc.Wait(); err != nil || st.Code != 0 || !strings.Contains(out, "/dev/pts/") {
		t.Errorf("exec tty: %+v %v, output %q", st, err, out)
	}
}
