package monitor

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// attachHub serves the attach socket: it copies the container's output to
// every attached client and a client's input to the container's stdin
// (the pty master with -t). Its sockets are raw unix sockets, non-blocking
// *os.File on the runtime's poller (package net would cost the monitor its
// inits, a 64 KiB read of somaxconn and a larger binary).
type attachHub struct {
	l       *os.File // the listening socket
	mu      sync.Mutex
	clients map[*os.File]bool
	input   *os.File      // the pty master of the current run, nil without a tty
	first   chan struct{} // closed once a client has connected
	once    sync.Once
}

// listenAttach makes <dir>/attach.sock (a stale one is replaced).
func listenAttach(dir string) (*attachHub, error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	err = inDir(dir, AttachSocketName, func(p string) error {
		_ = unix.Unlink(p)
		if err := unix.Bind(fd, &unix.SockaddrUnix{Name: p}); err != nil {
			return err
		}
		return unix.Listen(fd, 16)
	})
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	h := &attachHub{l: os.NewFile(uintptr(fd), AttachSocketName), clients: map[*os.File]bool{}, first: make(chan struct{})}
	go h.serve()
	return h, nil
}

// close stops serving and removes the socket.
func (h *attachHub) close(dir string) {
	if h == nil {
		return
	}
	h.l.Close()
	_ = inDir(dir, AttachSocketName, unix.Unlink)
	h.mu.Lock()
	for c := range h.clients {
		c.Close()
	}
	h.mu.Unlock()
}

func (h *attachHub) serve() {
	rc, err := h.l.SyscallConn()
	if err != nil {
		return
	}
	for {
		c, err := accept(rc)
		if err != nil {
			return // closed
		}
		if c == nil {
			continue
		}
		h.mu.Lock()
		h.clients[c] = true
		h.mu.Unlock()
		h.once.Do(func() { close(h.first) })
		go h.readClient(c)
	}
}

// accept waits on the poller for one connection; nil without an error
// when the connection went away before it was taken (ECONNABORTED) or the
// monitor is out of descriptors for now.
func accept(rc interface {
	Read(func(uintptr) bool) error
}) (*os.File, error) {
	var nfd int
	var aerr error
	err := rc.Read(func(fd uintptr) bool {
		nfd, _, aerr = unix.Accept4(int(fd), unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		return !errors.Is(aerr, unix.EAGAIN) && !errors.Is(aerr, unix.EINTR)
	})
	switch {
	case err != nil:
		return nil, err
	case aerr != nil:
		time.Sleep(10 * time.Millisecond) // EMFILE and the like: do not spin
		return nil, nil
	}
	return os.NewFile(uintptr(nfd), "attach"), nil
}

// waitClient waits until a client is connected, at most d: run -it
// attaches before the container starts, so that it sees all its output.
func (h *attachHub) waitClient(d time.Duration) {
	if h == nil {
		return
	}
	select {
	case <-h.first:
	case <-time.After(d):
	}
}

// exit tells the clients the container's exit code, once it is done for
// good (before a --rm removes the record they would read it from).
func (h *attachHub) exit(code int) {
	if h != nil {
		h.broadcast(FrameExit, binary.BigEndian.AppendUint32(nil, uint32(code)))
	}
}

// setInput is the current run's stdin (its pty master), nil when none.
func (h *attachHub) setInput(f *os.File) {
	if h == nil {
		return
	}
	h.mu.Lock()
	h.input = f
	h.mu.Unlock()
}

// inputOf is where attach clients' input goes: the pty master with -t, the
// stdin pipe with -i alone (a Running that has one), else nil.
func inputOf(run Running) *os.File {
	if c := run.Console(); c != nil {
		return c
	}
	if s, ok := run.(interface{ Stdin() *os.File }); ok {
		return s.Stdin()
	}
	return nil
}

// readClient forwards a client's stdin and resizes until it goes.
func (h *attachHub) readClient(c *os.File) {
	defer h.drop(c)
	for {
		typ, data, err := ReadFrame(c)
		if err != nil {
			return
		}
		h.mu.Lock()
		in := h.input
		h.mu.Unlock()
		if in == nil {
			continue
		}
		switch typ {
		case FrameStdin:
			_, _ = in.Write(data)
		case FrameResize:
			if len(data) == 4 {
				setWinsize(in, &unix.Winsize{Row: uint16(data[0])<<8 | uint16(data[1]), Col: uint16(data[2])<<8 | uint16(data[3])})
			}
		}
	}
}

// setWinsize resizes the pty master f through SyscallConn: f.Fd() would
// put it back into blocking mode, off the poller.
func setWinsize(f *os.File, ws *unix.Winsize) {
	if rc, err := f.SyscallConn(); err == nil {
		_ = rc.Control(func(fd uintptr) { _ = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, ws) })
	}
}

func (h *attachHub) drop(c *os.File) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
	c.Close()
}

// broadcast sends output to every client; a client that cannot take it
// within a second is dropped (the log still has everything).
func (h *attachHub) broadcast(typ byte, p []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		_ = c.SetWriteDeadline(time.Now().Add(time.Second))
		if err := WriteFrame(c, typ, p); err != nil {
			delete(h.clients, c)
			c.Close()
		}
	}
}

// tee is r, with what is read also broadcast as stream typ.
func (h *attachHub) tee(r io.Reader, typ byte) io.Reader {
	if h == nil {
		return r
	}
	return &teeReader{r: r, h: h, typ: typ}
}

type teeReader struct {
	r   io.Reader
	h   *attachHub
	typ byte
}

func (t *teeReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.h.broadcast(t.typ, p[:n])
	}
	if errors.Is(err, unix.EIO) { // a pty master once the last slave is closed
		err = io.EOF
	}
	return n, err
}
