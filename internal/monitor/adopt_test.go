package monitor

import (
	"context"
	"errors"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/exitcode"
)

// adoptPair is a monitor's adoptTarget and the CLI's Adopter on one
// socket pair, with pipes for the container's stdout and stderr.
func adoptPair(t *testing.T) (*adoptTarget, *Adopter, *os.File) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	cli, mon := os.NewFile(uintptr(fds[0]), "cli"), os.NewFile(uintptr(fds[1]), "mon")
	t.Cleanup(func() { cli.Close() })
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	// /bin/true as tent: the teardown helper answers nothing (an error the
	// monitor logs), and runs nothing.
	return &adoptTarget{sock: mon, h: &helperTarget{tent: "/bin/true", id: "c1"}}, &Adopter{sock: cli}, w
}

var sleepInit = InitCommand{Path: "/bin/sleep", Args: []string{"sleep", "30"}}

// clone has the monitor clone c and returns the init's pid; its config
// pipe and sync socket, unused here, are closed.
func clone(t *testing.T, a *Adopter, c InitCommand, stdin bool) int {
	t.Helper()
	pid, cfg, sync, err := a.Clone(c, stdin)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Close()
	sync.Close()
	return pid
}

// startAsync runs the monitor's side of a first start.
func startAsync(tg *adoptTarget, out *os.File) <-chan error {
	ch := make(chan error, 1)
	go func() {
		run, err := tg.Start(context.Background(), out, out)
		if err == nil {
			_ = run.Kill()
			var st ExitStatus
			if st, err = run.Wait(); err == nil && st.Code != 137 {
				err = errors.New("the init did not die of SIGKILL")
			}
		}
		ch <- err
	}()
	return ch
}

// TestAdoptStarted: the monitor clones the init the CLI asks for, hands
// over its fds, and then owns it: it is the monitor's child (wait4).
func TestAdoptStarted(t *testing.T) {
	tg, a, out := adoptPair(t)
	done := startAsync(tg, out)
	pid := clone(t, a, sleepInit, false)
	if pid <= 0 || unix.Kill(pid, 0) != nil {
		t.Fatalf("init pid %d not running", pid)
	}
	if err := a.Started(nil); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestAdoptFailed: a setup the CLI reports failed ends the init, and its
// exit code is the monitor's error's.
func TestAdoptFailed(t *testing.T) {
	tg, a, out := adoptPair(t)
	done := startAsync(tg, out)
	pid := clone(t, a, sleepInit, false)
	a.Failed(exitcode.New(127, errors.New("exec: app: not found")))
	err := <-done
	if code, _ := exitcode.From(err); code != 127 || err.Error() != "exec: app: not found" {
		t.Fatalf("monitor: %v (code %d)", err, code)
	}
	if err := unix.Kill(pid, 0); err != unix.ESRCH {
		t.Errorf("init %d not reaped: %v", pid, err)
	}
}

// TestAdoptCLIGone: a CLI that exits without a word (killed) leaves no
// init behind.
func TestAdoptCLIGone(t *testing.T) {
	for _, afterClone := range []bool{false, true} {
		tg, a, out := adoptPair(t)
		done := startAsync(tg, out)
		pid := 0
		if afterClone {
			pid = clone(t, a, sleepInit, false)
		}
		a.sock.Close()
		if err := <-done; err == nil {
			t.Fatalf("after clone %v: the monitor started a run", afterClone)
		}
		if pid != 0 && unix.Kill(pid, 0) != unix.ESRCH {
			t.Errorf("init %d not reaped", pid)
		}
	}
}

// TestAdoptCloneFails: an init that cannot be cloned is the CLI's error.
func TestAdoptCloneFails(t *testing.T) {
	tg, a, out := adoptPair(t)
	done := startAsync(tg, out)
	if _, _, _, err := a.Clone(InitCommand{Path: "/nonexistent/init"}, false); err == nil {
		t.Fatal("clone of a missing binary succeeded")
	}
	if err := <-done; err == nil {
		t.Fatal("the monitor started a run")
	}
}

// TestAdoptStdin: with -i and no tty the init reads a pipe the monitor
// keeps the write end of (attach clients type into it).
func TestAdoptStdin(t *testing.T) {
	tg, a, out := adoptPair(t)
	ch := make(chan Running, 1)
	go func() {
		run, err := tg.Start(context.Background(), out, out)
		if err != nil {
			t.Error(err)
		}
		ch <- run
	}()
	clone(t, a, InitCommand{Path: "/bin/sh", Args: []string{"sh", "-c", `read x; [ "$x" = ok ] && exit 7`}}, true)
	if err := a.Started(nil); err != nil {
		t.Fatal(err)
	}
	run := <-ch
	if run == nil {
		t.FailNow()
	}
	in := inputOf(run)
	if in == nil {
		t.Fatal("no stdin pipe kept")
	}
	in.WriteString("ok\n")
	if st, err := run.Wait(); err != nil || st.Code != 7 {
		t.Fatalf("init read %v, %v: want exit 7", st, err)
	}
}
