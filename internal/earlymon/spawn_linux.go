package earlymon

import (
	"errors"
	"syscall"

	"github.com/tent-dev/tent/internal/trustedbin/mode"
)

// Binary and Arg start the monitor; EarlyFlag tells it to wait for the
// rest of its command line (engine.MonitorBinary, monitor.Arg and
// monitor.EarlyFlag: this package cannot import theirs).
const (
	Binary    = "tent-monitor"
	Arg       = "__tent_monitor"
	EarlyFlag = "--early"
)

// Monitor is a monitor started early: its pid, its binary, the CLI's end
// of its control socket (its fd 4) and the read end of its notify pipe
// (its fd 3). AheadSent records that it was told the init to clone ahead
// (monitor.TellAhead).
type Monitor struct {
	Pid          int
	Exe          string
	Sock, Notify int
	AheadSent    bool
}

var early *Monitor

// Spawn starts the monitor when this process's command line is a run -d
// (see the package doc); on any failure it starts none, and the CLI starts
// its monitor later as it would without this package.
func Spawn() {
	args, err := cmdline()
	if err != nil || len(args) < 2 || !Detached(args[1:]) {
		return
	}
	early, _ = spawn()
}

// Take returns the monitor Spawn started, once; nil when there is none.
func Take() *Monitor {
	m := early
	early = nil
	return m
}

// Peek returns the monitor Spawn started, without taking it; nil when
// there is none.
func Peek() *Monitor { return early }

// Discard ends a monitor that Spawn started and nobody took.
func Discard() {
	if m := Take(); m != nil {
		m.Discard()
	}
}

// Discard kills and reaps the monitor, which has made nothing yet, and
// closes the CLI's ends. (Were tent to exit first, the monitor would read
// the end of its control socket and exit alone.)
func (m *Monitor) Discard() {
	_ = syscall.Kill(m.Pid, syscall.SIGKILL)
	for {
		if _, err := syscall.Wait4(m.Pid, nil, 0, nil); err != syscall.EINTR {
			break
		}
	}
	closeAll(m.Sock, m.Notify)
}

// spawn starts Binary beside this process's binary, if it may be trusted.
func spawn() (*Monitor, error) {
	exe, err := monitorPath()
	if err != nil {
		return nil, err
	}
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return nil, err
	}
	s, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		closeAll(p[0], p[1])
		return nil, err
	}
	null, err := syscall.Open("/dev/null", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		closeAll(p[0], p[1], s[0], s[1])
		return nil, err
	}
	// As monitor.Spawn: its own session, GOMAXPROCS=1 and GOGC=20 before
	// its runtime starts; stdio on /dev/null until tent sends its log.
	pid, err := syscall.ForkExec(exe, []string{exe, Arg, EarlyFlag}, &syscall.ProcAttr{
		Env:   append(syscall.Environ(), "GOMAXPROCS=1", "GOGC=20"),
		Files: []uintptr{uintptr(null), uintptr(null), uintptr(null), uintptr(p[1]), uintptr(s[1])},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	closeAll(null, p[1], s[1])
	if err != nil {
		closeAll(p[0], s[0])
		return nil, err
	}
	return &Monitor{Pid: pid, Exe: exe, Sock: s[0], Notify: p[0]}, nil
}

// monitorPath is Binary in this binary's directory when it passes
// trustedbin's check.
func monitorPath() (string, error) {
	buf := make([]byte, 4096)
	n, err := syscall.Readlink("/proc/self/exe", buf)
	if err != nil {
		return "", err
	}
	if n == len(buf) {
		return "", errors.New("path too long")
	}
	dir := string(buf[:n])
	for len(dir) > 0 && dir[len(dir)-1] != '/' {
		dir = dir[:len(dir)-1]
	}
	if dir == "" {
		return "", errors.New("no directory")
	}
	exe := dir + Binary
	var st syscall.Stat_t
	if err := syscall.Stat(exe, &st); err != nil {
		return "", err
	}
	if err := mode.Check(st.Mode, st.Uid, syscall.Geteuid()); err != nil {
		return "", err
	}
	return exe, nil
}

// cmdline is this process's argv, read from /proc/self/cmdline (os.Args
// is set by package os, not initialized yet when Spawn runs).
func cmdline() ([]string, error) {
	fd, err := syscall.Open("/proc/self/cmdline", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 1<<10) // most command lines; it grows for longer ones
	n := 0
	for {
		if n == len(buf) {
			if len(buf) >= 64<<10 {
				return nil, errors.New("command line too long")
			}
			buf = append(buf, make([]byte, len(buf))...)
		}
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if m == 0 {
			return splitNUL(buf[:n]), nil
		}
		n += m
	}
}

// splitNUL splits NUL-terminated strings.
func splitNUL(b []byte) []string {
	var out []string
	start := 0
	for i, c := range b {
		if c == 0 {
			out = append(out, string(b[start:i]))
			start = i + 1
		}
	}
	return out
}

func closeAll(fds ...int) {
	for _, fd := range fds {
		syscall.Close(fd)
	}
}
