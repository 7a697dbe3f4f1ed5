package tests

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// CVE-2019-5736, the exe held past the container: an attacker passes the
// exe fd of a process it caught out of the container over a unix socket
// (as to another container); once the container is gone and ETXTBSY no
// longer answers, only the mount the file is on keeps it from writes.

// TestEscapeExeRun: the script as a container's command makes its init run
// tent-init again as pid 1, which blocks writing its complaint to a full
// stderr pipe. An attacker exec'd into the container holds /proc/1/exe and
// passes it out over a unix socket (as to another container); once the
// container is gone, nothing protects the file but its mount. A sysctl
// keeps the Go init (the static init does not set one up):
// TestEscapeExeRunStatic attacks the static init.
func TestEscapeExeRun(t *testing.T) {
	sums := hostSums(t)
	files := attackFiles(t)
	sock, sockDir := fdSocket(t)
	stderrR, stderrW := fullPipe(t)
	name := uniq("exerun")
	run := tentCmd(t, append(append([]string{"run", "--rm", "--network", "none", "--name", name,
		"--sysctl", "kernel.shm_rmid_forced=1", "-v", sockDir + ":/sock"}, files...), busyboxImage(t), "/x.sh")...)
	run.Stderr = stderrW
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	stderrW.Close()
	drained := false
	drain := func() {
		if !drained {
			drained = true
			go io.Copy(io.Discard, stderrR) //nolint:errcheck // the rest of stderr
		}
	}
	defer drain()
	waitFor(t, 30*time.Second, "the container running", func() bool {
		return strings.Contains(psLine(t, name), "Up")
	})
	attack := tentCmd(t, "exec", name, "/attack", "-send", "/sock/s", "-for", "30s", "-want", "1")
	var out strings.Builder
	attack.Stdout = &out
	if err := attack.Start(); err != nil {
		t.Fatal(err)
	}
	fd, err := recvFD(sock, 30*time.Second)
	if err != nil {
		drain()
		_ = attack.Wait()
		t.Fatalf("no exe fd from the attacker: %v\nattacker:\n%s", err, out.String())
	}
	defer unix.Close(fd)
	drain() // pid 1 finishes its write and exits; the container goes
	_ = run.Wait()
	_ = attack.Wait()
	var werr error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var w int
		if w, werr = unix.Open(fmt.Sprintf("/proc/self/fd/%d", fd), unix.O_WRONLY|unix.O_APPEND|unix.O_CLOEXEC, 0); werr == nil {
			unix.Close(w)
			t.Fatalf("the exe fd passed out of the container opens for writing (attacker:\n%s)", out.String())
		}
		if werr != unix.ETXTBSY {
			break
		}
	}
	if werr != unix.EROFS {
		t.Errorf("reopen of the passed exe for writing: %v, want EROFS (attacker:\n%s)", werr, out.String())
	}
	assertSums(t, sums)
}

// fullPipe is a pipe whose buffer is full: a blocking write to w waits
// until r is read.
func fullPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC|unix.O_NONBLOCK); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := unix.Write(p[1], buf); err != nil {
			break // EAGAIN: full
		}
	}
	for _, fd := range p {
		if err := unix.SetNonblock(fd, false); err != nil {
			t.Fatal(err)
		}
	}
	r, w = os.NewFile(uintptr(p[0]), "stderr-r"), os.NewFile(uintptr(p[1]), "stderr-w")
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}

// recvFD receives one fd (SCM_RIGHTS) on the datagram socket sock.
func recvFD(sock int, d time.Duration) (int, error) {
	tv := unix.NsecToTimeval(d.Nanoseconds())
	if err := unix.SetsockoptTimeval(sock, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		return -1, err
	}
	buf, oob := make([]byte, 16), make([]byte, unix.CmsgSpace(4))
	_, oobn, _, _, err := unix.Recvmsg(sock, buf, oob, unix.MSG_CMSG_CLOEXEC)
	if err != nil {
		return -1, err
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 {
		return -1, fmt.Errorf("attacker's message: %d control messages, %v", len(msgs), err)
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		return -1, fmt.Errorf("attacker's fds: %v %v", fds, err)
	}
	return fds[0], nil
}

// TestEscapeExeInit: with --init, pid 1 is tent's own binary (the reaper),
// bound read-only at /dev/init for the container's whole life. An attacker
// with CAP_SYS_PTRACE holds /proc/1/exe and passes it out over a unix
// socket; once the container is gone (no ETXTBSY any more), the fd must
// still not open for writing: EROFS, the bind is read-only.
func TestEscapeExeInit(t *testing.T) {
	sums := hostSums(t)
	sock, sockDir := fdSocket(t)
	args := append(append([]string{"--init", "-v", sockDir + ":/sock"}, ptraceable...), attackFiles(t)...)
	id := runD(t, append(args, busyboxImage(t), "sleep", "100")...)
	attack := tentCmd(t, "exec", id, "/attack", "-send", "/sock/s", "-for", "30s", "-want", "1")
	var out strings.Builder
	attack.Stdout = &out
	if err := attack.Start(); err != nil {
		t.Fatal(err)
	}
	fd, err := recvFD(sock, 30*time.Second)
	mustSucceed(t, tent(t, "rm", "-f", id))
	_ = attack.Wait()
	if err != nil {
		t.Fatalf("no exe fd from the attacker: %v\nattacker:\n%s", err, out.String())
	}
	defer unix.Close(fd)
	if !strings.Contains(out.String(), "seen 1 /dev/init") {
		t.Errorf("the attacker held something else than the reaper's exe:\n%s", out.String())
	}
	if w, err := unix.Open(fmt.Sprintf("/proc/self/fd/%d", fd), unix.O_WRONLY|unix.O_APPEND|unix.O_CLOEXEC, 0); err == nil {
		unix.Close(w)
		t.Fatalf("the reaper's exe, passed out of the container, opens for writing (attacker:\n%s)", out.String())
	}
	// The open above may still meet ETXTBSY (other tests run bin/tent):
	// what protects the file for good is the mount the fd is on.
	var fs unix.Statfs_t
	if err := unix.Fstatfs(fd, &fs); err != nil {
		t.Fatal(err)
	}
	if fs.Flags&unix.ST_RDONLY == 0 {
		t.Errorf("the reaper's exe is on a writable mount (flags %#x)", fs.Flags)
	}
	assertSums(t, sums)
}

// fdSocket is a datagram socket bound at <dir>/s, for the attacker's
// -send: a container that mounts dir passes held fds out through it.
func fdSocket(t *testing.T) (sock int, dir string) {
	t.Helper()
	dir = t.TempDir()
	sock, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(sock) })
	if err := unix.Bind(sock, &unix.SockaddrUnix{Name: filepath.Join(dir, "s")}); err != nil {
		t.Fatal(err)
	}
	return sock, dir
}

// TestEscapeExeRunStatic: the same script under the static init (a plain
// run): the kernel runs the static init again as pid 1, as the script's
// interpreter, with its table's fd closed by the execve; it exits at once
// (126), so there is no process to catch, and its file is a read-only
// mount (EROFS even for root on the host).
func TestEscapeExeRunStatic(t *testing.T) {
	sums := hostSums(t)
	r := tent(t, append(append([]string{"run", "--rm", "--network", "none"}, attackFiles(t)...), busyboxImage(t), "/x.sh")...)
	if r.Code != 126 {
		t.Fatalf("the script as the command of a plain run: want 126 (the static init refuses to be an interpreter)\n%s", r)
	}
	sinit := filepath.Join(testState, "runtime", staticInit)
	fd, err := unix.Open(sinit, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err == nil {
		unix.Close(fd)
		t.Fatalf("%s opens for writing on the host", sinit)
	}
	if err != unix.EROFS {
		t.Errorf("open %s for writing: %v, want EROFS", sinit, err)
	}
	assertSums(t, sums)
}
