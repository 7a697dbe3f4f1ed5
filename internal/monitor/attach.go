package monitor

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// attachHub serves the attach socket: it copies the container's output to
// every attached client and a client's input to the container's stdin
// (the pty master with -t).
type attachHub struct {
	l       *net.UnixListener
	mu      sync.Mutex
	clients map[*net.UnixConn]bool
	input   *os.File // the pty master of the current run, nil without a tty
}

// listenAttach makes <dir>/attach.sock (a stale one is replaced).
func listenAttach(dir string) (*attachHub, error) {
	h := &attachHub{clients: map[*net.UnixConn]bool{}}
	err := inDir(dir, AttachSocketName, func(p string) error {
		_ = unix.Unlink(p)
		l, err := net.ListenUnix("unix", &net.UnixAddr{Name: p, Net: "unix"})
		if err != nil {
			return err
		}
		l.SetUnlinkOnClose(false) // the path is only good while dir's fd is open
		h.l = l
		return nil
	})
	if err != nil {
		return nil, err
	}
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
	for {
		c, err := h.l.AcceptUnix()
		if err != nil {
			return
		}
		h.mu.Lock()
		h.clients[c] = true
		h.mu.Unlock()
		go h.readClient(c)
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
func (h *attachHub) readClient(c *net.UnixConn) {
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
				ws := &unix.Winsize{Row: uint16(data[0])<<8 | uint16(data[1]), Col: uint16(data[2])<<8 | uint16(data[3])}
				_ = unix.IoctlSetWinsize(int(in.Fd()), unix.TIOCSWINSZ, ws)
			}
		}
	}
}

func (h *attachHub) drop(c *net.UnixConn) {
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
