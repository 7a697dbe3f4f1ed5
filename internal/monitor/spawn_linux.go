package monitor

import (
	"bufio"
	"errors"
	"fmt"
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
	r, w, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("monitor pipe: %w", err)
	}
	defer r.Close()
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		w.Close()
		return 0, fmt.Errorf("monitor log: %w", err)
	}
	defer logf.Close()
	cmd := &exec.Cmd{
		Path:       exe,
		Args:       append([]string{exe, Arg}, args...),
		Stderr:     logf,
		ExtraFiles: []*os.File{w}, // fd 3
		// Set before the Go runtime starts, so it never makes a second P's
		// threads and GC workers (runtime.GOMAXPROCS later does not undo them).
		Env:         append(os.Environ(), "GOMAXPROCS=1", "GOGC=20"),
		SysProcAttr: &syscall.SysProcAttr{Setsid: true},
	}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return 0, fmt.Errorf("start monitor: %w", err)
	}
	pid = cmd.Process.Pid
	line, _ := bufio.NewReader(r).ReadString('\n')
	cmd.Process.Release() // it lives on; init (or a subreaper) reaps it
	return pid, parseNotify(line, logPath)
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
func NotifyFile() *os.File {
	var st syscall.Stat_t
	if err := syscall.Fstat(3, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFIFO {
		return nil
	}
	syscall.CloseOnExec(3)
	return os.NewFile(3, "notify")
}
