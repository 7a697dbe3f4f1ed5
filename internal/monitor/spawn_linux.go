package monitor

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"

	"github.com/tent-dev/tent/internal/exitcode"
)

// Spawn starts `exe __tent_monitor args...` in its own session (setsid),
// stdin and stdout on /dev/null, stderr appended to logPath, and waits until
// the monitor reports that the container runs (nil) or why it could not.
func Spawn(exe string, args []string, logPath string) (pid int, err error) {
	r, pid, err := start(exe, args, logPath)
	if err != nil {
		return 0, err
	}
	return pid, waitNotify(r, logPath)
}

// start starts the monitor with its notify pipe as fd 3 and extra from fd
// 4 on, and returns the pipe's read end.
func start(exe string, args []string, logPath string, extra ...*os.File) (*os.File, int, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, 0, fmt.Errorf("monitor pipe: %w", err)
	}
	defer w.Close()
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		r.Close()
		return nil, 0, fmt.Errorf("monitor log: %w", err)
	}
	defer logf.Close()
	cmd := &exec.Cmd{
		Path:       exe,
		Args:       append([]string{exe, Arg}, args...),
		Stderr:     logf,
		ExtraFiles: append([]*os.File{w}, extra...), // fd 3, 4...
		// Set before the Go runtime starts, so it never makes a second P's
		// threads and GC workers (runtime.GOMAXPROCS later does not undo them).
		Env:         append(os.Environ(), "GOMAXPROCS=1", "GOGC=20"),
		SysProcAttr: &syscall.SysProcAttr{Setsid: true},
	}
	if err := cmd.Start(); err != nil {
		r.Close()
		return nil, 0, fmt.Errorf("start monitor: %w", err)
	}
	cmd.Process.Release() // it lives on; init (or a subreaper) reaps it
	return r, cmd.Process.Pid, nil
}

// waitNotify reads the monitor's line on r and closes r.
func waitNotify(r *os.File, logPath string) error {
	defer r.Close()
	line, _ := bufio.NewReader(r).ReadString('\n')
	return parseNotify(line, logPath)
}

// parseNotify reads the monitor's one line: "ok" or "error CODE MESSAGE".
func parseNotify(line, logPath string) error {
	line = strings.TrimSuffix(line, "\n")
	if line == "ok" {
		return nil
	}
	if rest, ok := strings.CutPrefix(line, "error "); ok {
		codeS, msg, _ := strings.Cut(rest, " ")
		code, err := strconv.Atoi(codeS)
		if err != nil {
			code = exitcode.Engine
		}
		return exitcode.New(code, errors.New(msg))
	}
	tail := ""
	if b, err := os.ReadFile(logPath); err == nil {
		tail = lastLines(string(b), 3)
	}
	return exitcode.New(exitcode.Engine, errors.New("monitor died before the container started: "+tail))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "; ")
}

// NotifyFile is the pipe Spawn gave the monitor (fd 3), or nil.
func NotifyFile() *os.File { return inherited(3, syscall.S_IFIFO, "notify") }

// controlSocket is the CLI's control socket (fd 4, AdoptFlag), or nil;
// non-blocking, so that a read waits on the runtime's poller (recvMsg).
func controlSocket() *os.File {
	if syscall.SetNonblock(4, true) != nil {
		return nil
	}
	return inherited(4, syscall.S_IFSOCK, "control")
}

// inherited is fd when it is of type mode, made close-on-exec (the
// helpers and the init must not inherit it), else nil.
func inherited(fd int, mode uint32, name string) *os.File {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != mode {
		return nil
	}
	syscall.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), name)
}

// earlyStart is what an early monitor is sent before it runs: its
// control socket, its command line, and the init to clone ahead, told
// with the command line (ahead) or before it (pre, cloned already).
type earlyStart struct {
	sock  *os.File
	args  []string
	ahead *InitCommand
	pre   *preInit
}

// earlyHello reads an early monitor's command line, log and the init to
// clone ahead if any (AdoptEarly), cloning that init as soon as it is told
// when tent tells it first (TellAhead), and makes the log its stderr; ok
// is false when tent closed the socket instead (it did not need this
// monitor), any init cloned ahead then killed.
func earlyHello(stderr io.Writer) (e earlyStart, ok bool) {
	if e.sock = controlSocket(); e.sock == nil {
		fmt.Fprintln(stderr, "tent monitor: "+EarlyFlag+" without a control socket on fd 4")
		return e, false
	}
	m, files, err := recvMsg(e.sock)
	if err == nil && len(m.Args) == 0 && m.Init != nil && len(files) == 0 {
		e.pre = clonePre(*m.Init)
		m, files, err = recvMsg(e.sock)
	}
	defer closeFiles(files)
	if err != nil || len(files) != 1 || len(m.Args) == 0 || syscall.Dup3(int(files[0].Fd()), 2, 0) != nil {
		e.pre.abort()
		return e, false
	}
	e.args, e.ahead = m.Args, m.Init
	return e, true
}
