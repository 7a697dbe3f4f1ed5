package engine

import (
	"io"
	"os"
	"sync"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// console is `tent run -t`: the container's pty master, copied to and from
// tent's own terminal, which is in raw mode while the container runs.
type console struct {
	mu       sync.Mutex
	master   *os.File
	size     *specs.Box
	out      *os.File
	copied   chan struct{} // closed when the master's output is all copied
	rawState *term.State
	rawFd    int
}

// newConsole sizes the pty like tent's terminal (when out is one).
func newConsole(out *os.File) *console {
	c := &console{out: out, copied: make(chan struct{})}
	if w, h, err := term.GetSize(int(out.Fd())); err == nil {
		c.size = &specs.Box{Width: uint(w), Height: uint(h)}
	}
	return c
}

// set receives the master from the runtime (CreateOpts.Console) and starts
// copying the container's output.
func (c *console) set(master *os.File) error {
	c.mu.Lock()
	c.master = master
	c.mu.Unlock()
	if c.out == nil { // only keep the master: a detached container's monitor reads it
		close(c.copied)
		return nil
	}
	c.resize(c.out)
	go func() {
		defer close(c.copied)
		_, _ = io.Copy(c.out, master) // ends with EIO once every slave fd is closed
	}()
	return nil
}

// attach puts tent's terminal in raw mode and, with -i, copies stdin in.
func (c *console) attach(stdio Stdio, interactive bool) {
	if !interactive || c.master == nil {
		return
	}
	fd := int(stdio.In.Fd())
	if term.IsTerminal(fd) {
		if st, err := term.MakeRaw(fd); err == nil {
			c.mu.Lock()
			c.rawState, c.rawFd = st, fd
			c.mu.Unlock()
		}
	}
	go func() { _, _ = io.Copy(c.master, stdio.In) }()
}

// resize gives the pty the size of tent's terminal (SIGWINCH).
func (c *console) resize(out *os.File) {
	if c == nil || c.master == nil {
		return
	}
	ws, err := unix.IoctlGetWinsize(int(out.Fd()), unix.TIOCGWINSZ)
	if err != nil {
		return
	}
	_ = unix.IoctlSetWinsize(int(c.master.Fd()), unix.TIOCSWINSZ, ws)
}

// drain waits (briefly) for the last output once the container has exited.
func (c *console) drain() {
	if c.master == nil {
		return
	}
	select {
	case <-c.copied:
	case <-time.After(2 * time.Second):
	}
}

// restore gives tent's terminal back its mode and closes the master; it is
// called on every exit path.
func (c *console) restore() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rawState != nil {
		_ = term.Restore(c.rawFd, c.rawState)
		c.rawState = nil
	}
	if c.master != nil {
		c.master.Close()
	}
}
