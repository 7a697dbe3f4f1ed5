package vm

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Proc is a started process (qemu, or a container's launcher) in its own
// process group whose output is watched for a marker line.
type Proc struct {
	cmd    *exec.Cmd
	start  time.Time
	marked chan time.Duration // start to the marker, once
	exited chan struct{}      // closed when the process was reaped
	err    error              // Wait's, valid after exited

	mu   sync.Mutex
	tail []string // the last console lines, for errors
}

const tailLines = 4

// StartProc starts cmd (its stdout and stderr are taken) in a new process
// group and watches its output for a line containing marker.
func StartProc(cmd *exec.Cmd, marker string) (*Proc, error) {
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	p := &Proc{cmd: cmd, marked: make(chan time.Duration, 1), exited: make(chan struct{})}
	p.start = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	go func() {
		p.err = cmd.Wait()
		pw.Close()
		close(p.exited)
	}()
	go p.watch(pr, marker)
	return p, nil
}

func (p *Proc) watch(r io.Reader, marker string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	seen := false
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if !seen && strings.Contains(line, marker) {
			seen = true
			p.marked <- time.Since(p.start)
		}
		p.mu.Lock()
		p.tail = append(p.tail, line)
		if len(p.tail) > tailLines {
			p.tail = p.tail[1:]
		}
		p.mu.Unlock()
	}
	io.Copy(io.Discard, r) //nolint:errcheck // keep the writer from blocking
}

// PID is the process's pid (its group's id too).
func (p *Proc) PID() int { return p.cmd.Process.Pid }

// ErrNoMarker is wrapped when the marker did not come.
var ErrNoMarker = errors.New("no marker")

// WaitMarker returns the time from the start to the marker, or an error
// saying why it did not come: the process exited, or timeout passed.
func (p *Proc) WaitMarker(timeout time.Duration) (time.Duration, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case d := <-p.marked:
		return d, nil
	case <-p.exited:
		select { // the marker may have come just before the exit
		case d := <-p.marked:
			return d, nil
		default:
		}
		return 0, fmt.Errorf("%w: %s exited (%v) before it; last output: %s", ErrNoMarker, p.cmd.Path, p.err, p.Tail())
	case <-t.C:
		return 0, fmt.Errorf("%w within %v: %s still running; last output: %s", ErrNoMarker, timeout, p.cmd.Path, p.Tail())
	}
}

// Tail is the last lines of output, joined with " | ".
func (p *Proc) Tail() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.tail) == 0 {
		return "(none)"
	}
	return strings.Join(p.tail, " | ")
}

// Kill sends sig to the process group and waits up to grace for the exit;
// then SIGKILL to the group, and waits for the reap.
func (p *Proc) Kill(sig syscall.Signal, grace time.Duration) {
	_ = syscall.Kill(-p.PID(), sig)
	select {
	case <-p.exited:
	case <-time.After(grace):
		_ = syscall.Kill(-p.PID(), syscall.SIGKILL)
		<-p.exited
	}
	_ = syscall.Kill(-p.PID(), syscall.SIGKILL) // what the leader left behind
}

// Exited is closed once the process was reaped.
func (p *Proc) Exited() <-chan struct{} { return p.exited }
