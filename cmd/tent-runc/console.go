package main

import (
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// tty is the pty of a foreground `run` or `exec` with terminal: true and
// no --console-socket: its master is copied to and from tent-runc's own
// stdio, whose terminal (if it is one) is raw meanwhile.
type tty struct {
	master *os.File
	copied chan struct{} // closed once the container's output is copied
	raw    *term.State
}

func newTTY() *tty { return &tty{copied: make(chan struct{})} }

// set takes the master (runtime.CreateOpts.Console, Exec's console).
func (t *tty) set(master *os.File) error {
	t.master = master
	t.resize()
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		t.raw, _ = term.MakeRaw(fd)
	}
	go func() {
		defer close(t.copied)
		_, _ = io.Copy(os.Stdout, master) // ends with EIO once the slave is closed
	}()
	go func() { _, _ = io.Copy(master, os.Stdin) }()
	return nil
}

// resize gives the pty the size of tent-runc's terminal (SIGWINCH too).
func (t *tty) resize() {
	if t == nil || t.master == nil {
		return
	}
	if ws, err := unix.IoctlGetWinsize(int(os.Stdout.Fd()), unix.TIOCGWINSZ); err == nil {
		_ = unix.IoctlSetWinsize(int(t.master.Fd()), unix.TIOCSWINSZ, ws)
	}
}

// finish waits (a bounded while) for the output, restores the terminal.
func (t *tty) finish() {
	if t == nil || t.master == nil {
		return
	}
	select {
	case <-t.copied:
	case <-time.After(2 * time.Second):
	}
	if t.raw != nil {
		_ = term.Restore(int(os.Stdin.Fd()), t.raw)
	}
	t.master.Close()
}
