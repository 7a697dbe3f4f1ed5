package main

import (
	"os"

	"github.com/spf13/pflag"
	"golang.org/x/sys/unix"
)

func runCmd() *command {
	var o createFlags
	var detach bool
	return &command{
		name: "run", usage: "[flags] <container-id>", minArgs: 1, maxArgs: 1,
		short: "create and start a container; in the foreground, wait and exit with its code",
		flags: func(f *pflag.FlagSet) {
			o.register(f)
			f.BoolVarP(&detach, "detach", "d", false, "do not wait for the container's process")
		},
		run: func(g *globals, args []string) error { return runContainer(g, args[0], &o, detach) },
	}
}

// runContainer is create + start; in the foreground it forwards signals
// to the init, waits for it, deletes the container and returns its exit
// code (128+N when killed by signal N), as runc run does.
func runContainer(g *globals, id string, o *createFlags, detach bool) error {
	var t *tty
	var console func(*os.File) error
	var sigs chan os.Signal
	if !detach {
		t = newTTY()
		console = t.set
		sigs = make(chan os.Signal, 32)
	}
	a := startAhead(g, stdio(), sigs)
	defer a.abort()
	c, err := create(g, id, o, detach, stdio(), console, a)
	if err != nil {
		return err
	}
	if err := c.Start(); err != nil {
		_ = c.Delete(true)
		return err
	}
	if detach {
		return nil
	}
	go forwardTo(func(s unix.Signal) error { return c.Signal(s, false) }, t, sigs)
	st, err := c.Wait()
	// Signals stay caught (forwarded to a process that is gone) until
	// tent-runc exits: none interrupts the delete, and no signal.Stop
	// (a thread round trip per signal) delays it.
	t.finish()
	if derr := c.Delete(true); err == nil && derr != nil {
		return derr
	}
	if err != nil {
		return err
	}
	return exitCode(st.Code)
}

// forwardTo sends what tent-runc receives to the container's process;
// SIGWINCH resizes the pty instead, and the Go runtime's SIGURG and
// SIGCHLD and SIGPIPE are not the container's business.
func forwardTo(send func(unix.Signal) error, t *tty, sigs <-chan os.Signal) {
	for s := range sigs {
		sig, ok := s.(unix.Signal)
		if !ok {
			continue
		}
		switch sig {
		case unix.SIGWINCH:
			t.resize()
		case unix.SIGURG, unix.SIGCHLD, unix.SIGPIPE:
		default:
			_ = send(sig)
		}
	}
}
