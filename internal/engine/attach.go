package engine

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/monitor"
)

// AttachOptions are tent attach's flags.
type AttachOptions struct {
	NoStdin    bool   // --no-stdin
	SigProxy   bool   // --sig-proxy: signals to tent go to the container (no tty)
	DetachKeys string // --detach-keys ("": ctrl-p,ctrl-q)
}

// Attach connects the terminal (stdin, stdout, stderr) to a running
// detached container through its monitor's attach socket, until the
// container exits (its exit code is returned) or the user types the detach
// keys (0, the container keeps running).
func (e *Engine) Attach(ctx context.Context, ref string, o AttachOptions, stdin *os.File, stdout, stderr *os.File) (int, error) {
	keys, err := ParseDetachKeys(o.DetachKeys)
	if err != nil {
		return 0, err
	}
	rec, err := e.Containers.Get(ref)
	if err != nil {
		return 0, err
	}
	switch {
	case rec.State.Status != container.StatusRunning:
		return 0, errors.New("you cannot attach to a stopped container, start it first")
	case rec.State.Paused:
		return 0, errors.New("you cannot attach to a paused container, unpause it first")
	}
	conn, err := dialAttach(e.Layout.ContainerDir(rec.ID))
	if err != nil {
		return 0, fmt.Errorf("attach %s: %w", rec.ID, err)
	}
	return e.attachConn(ctx, rec, conn, keys, o, stdin, stdout, stderr)
}

// attachConn runs an attach session on conn until the container is done
// (its code) or the detach keys are typed (0).
func (e *Engine) attachConn(ctx context.Context, rec *container.Record, conn *net.UnixConn, keys []byte, o AttachOptions, stdin *os.File, stdout, stderr *os.File) (int, error) {
	defer conn.Close()
	tty := recordOptions(rec).TTY
	if tty && !o.NoStdin && term.IsTerminal(int(stdin.Fd())) {
		st, err := term.MakeRaw(int(stdin.Fd()))
		if err == nil {
			defer term.Restore(int(stdin.Fd()), st)
		}
		stopResize := forwardResize(conn, stdout)
		defer stopResize()
	}
	if o.SigProxy && !tty {
		stop := e.proxySignals(rec)
		defer stop()
	}
	detached := make(chan struct{})
	if !o.NoStdin {
		go copyStdin(conn, stdin, &detachFilter{keys: keys}, detached)
	}
	out := make(chan int, 1)
	go func() { out <- copyOutput(conn, stdout, stderr) }()
	select {
	case <-detached:
		return 0, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	case code := <-out:
		if code >= 0 {
			return code, nil
		}
	}
	return e.exitCodeAfterAttach(rec.ID)
}

// copyStdin sends what the user types, until the detach keys (closing
// detached) or the end of stdin.
func copyStdin(conn *net.UnixConn, stdin io.Reader, d *detachFilter, detached chan struct{}) {
	buf := make([]byte, 4096)
	for {
		n, err := stdin.Read(buf)
		if n > 0 {
			p, detach := d.filter(buf[:n])
			if len(p) > 0 && monitor.WriteFrame(conn, monitor.FrameStdin, p) != nil {
				return
			}
			if detach {
				close(detached)
				return
			}
		}
		if err != nil {
			_ = monitor.WriteFrame(conn, monitor.FrameCloseStdin, nil)
			return
		}
	}
}

// copyOutput writes the container's output until the monitor closes the
// connection (the container exited); it returns the exit code the monitor
// sent, else -1.
func copyOutput(conn *net.UnixConn, stdout, stderr io.Writer) int {
	code := -1
	for {
		typ, data, err := monitor.ReadFrame(conn)
		if err != nil {
			return code
		}
		w := stdout
		switch {
		case typ == monitor.FrameExit && len(data) == 4:
			code = int(binary.BigEndian.Uint32(data))
			continue
		case typ == monitor.FrameStderr:
			w = stderr
		}
		if _, err := w.Write(data); err != nil {
			return code
		}
	}
}

// forwardResize sends the terminal's size now and on each SIGWINCH.
func forwardResize(conn *net.UnixConn, out *os.File) func() {
	send := func() {
		if ws, err := unix.IoctlGetWinsize(int(out.Fd()), unix.TIOCGWINSZ); err == nil {
			_ = monitor.WriteFrame(conn, monitor.FrameResize, monitor.ResizeFrame(ws.Row, ws.Col))
		}
	}
	send()
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, unix.SIGWINCH)
	go func() {
		for range ch {
			send()
		}
	}()
	return func() { signal.Stop(ch); close(ch) }
}

// proxySignals forwards the signals tent gets to the container's init.
func (e *Engine) proxySignals(rec *container.Record) func() {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, unix.SIGINT, unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2)
	go func() {
		for s := range ch {
			_ = e.signal(rec, s.(unix.Signal), false)
		}
	}()
	return func() { signal.Stop(ch); close(ch) }
}

// exitCodeAfterAttach is the container's exit code once its monitor
// recorded the exit (a few seconds at most).
func (e *Engine) exitCodeAfterAttach(id string) (int, error) {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		rec, err := e.Containers.Get(id)
		if err != nil { // removed (--rm)
			return 0, nil
		}
		if rec.State.Status != container.StatusRunning {
			return rec.State.ExitCode, nil
		}
	}
	return 0, nil
}
