package runtime

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Some files cost their last closer a wait: closing a NETLINK_NETFILTER
// socket after a commit that deleted rules or map elements waits in the
// kernel (nft_rcv_nl_event) for the deleted objects to be freed, after an
// RCU grace period, several milliseconds. When that closer is a process's
// exit, whoever waits for the process waits too.
//
// Linger starts a holder: the static init, with files from its fd 5 on,
// running a table that reads its table pipe once more and exits. This
// process keeps the pipe's write end open, never writing, until it exits;
// the holder's read then returns 0 and it exits, so the files' last close
// happens in the holder, which nobody waits for. The holder runs in this
// process's namespaces, with /dev/null on its other fds; its argv[0] is
// "tent-linger".
func (r *Runtime) Linger(files ...*os.File) error {
	exe, err := sinitExe(r.root)
	if err != nil {
		return fmt.Errorf("linger: %w", err)
	}
	if _, err := startLinger(exe, files); err != nil {
		return fmt.Errorf("linger: %w", err)
	}
	return nil
}

// lingerArgv0 names the holder in ps.
const lingerArgv0 = "tent-linger"

// lingerTable reads the table fd once more, which returns 0 only when
// every write end is closed, then exits 0.
func lingerTable() ([]byte, error) {
	t := newSinitTable()
	t.call(unix.SYS_READ, []sinitArg{imm(sinitTableFD), t.bytes(make([]byte, 8)), imm(8)}, 0)
	t.call(unix.SYS_EXIT_GROUP, []sinitArg{imm(0)}, 0)
	return t.encode()
}

// startLinger starts the holder of files with the static init at exe. The
// pipe's write end stays open in this process (close-on-exec, so no child
// inherits it) until release, which only tests call: in tent, exit closes it.
func startLinger(exe string, files []*os.File) (release func(), err error) {
	table, err := lingerTable()
	if err != nil {
		return nil, err
	}
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, fmt.Errorf("pipe: %w", err)
	}
	rd := os.NewFile(uintptr(p[0]), "linger table")
	defer rd.Close()
	release = func() { unix.Close(p[1]) }
	// The table is far smaller than a pipe's buffer: no reader needed yet.
	if _, err := unix.Write(p[1], table); err != nil {
		release()
		return nil, fmt.Errorf("write table: %w", err)
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		release()
		return nil, err
	}
	defer null.Close()
	fds := append([]*os.File{null, null, null, rd, null}, files...)
	proc, err := os.StartProcess(exe, []string{lingerArgv0}, &os.ProcAttr{Files: fds, Env: []string{}})
	if err != nil {
		release()
		return nil, err
	}
	_ = proc.Release() // it outlives us; its new parent reaps it
	return release, nil
}
