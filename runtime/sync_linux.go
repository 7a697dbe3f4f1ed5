package runtime

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/tent-dev/tent/internal/exitcode"
	"golang.org/x/sys/unix"
)

// The sync socket (SOCK_SEQPACKET, one message per datagram) between the
// parent and a re-exec'd init:
//
//	init → parent  "console" + the pty master fd (SCM_RIGHTS), when terminal
//	init → parent  "ready" (rootfs done) or "error" (+ exit code)
//	init → parent  "hooks" (HookSync: mounts done, before pivot_root)
//	parent → init  "hooks" + the createContainer and startContainer hooks
//	               and the state they get, once prestart and createRuntime ran
//	parent → init  "go" (exec only: the process is in the cgroup)
//
// The static init writes raw bytes instead: "J" once it joined its v1
// cgroup, and {u32 index, u32 errno} when an entry failed (sinit_table.go).
type syncType string

const (
	syncReady   syncType = "ready"
	syncError   syncType = "error"
	syncConsole syncType = "console"
	syncGo      syncType = "go"
	syncHooks   syncType = "hooks"
	// syncJoined is the static init's one byte "J" (staticTable).
	syncJoined syncType = "joined"
)

type syncMsg struct {
	Type  syncType `json:"type"`
	Error string   `json:"error,omitempty"`
	Code  int      `json:"code,omitempty"`
	// Steps are the init's own timings (with "ready"), for CreateOpts.Trace.
	Steps []traceStep `json:"steps,omitempty"`
	// Hooks and State: the parent's "hooks" answer (containerHooks).
	Hooks *containerHooks `json:"hooks,omitempty"`
}

type syncConn struct{ f *os.File }

// newSyncPair returns the parent's and the child's end.
func newSyncPair() (parent, child *syncConn, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, &SyscallError{Op: "socketpair", Err: err}
	}
	return &syncConn{os.NewFile(uintptr(fds[0]), "sync")}, &syncConn{os.NewFile(uintptr(fds[1]), "sync")}, nil
}

func (c *syncConn) Close() error { return c.f.Close() }

// send writes m, with fd attached when fd >= 0.
func (c *syncConn) send(m syncMsg, fd int) error {
	b, err := encodeSync(m)
	if err != nil {
		return err
	}
	var oob []byte
	if fd >= 0 {
		oob = unix.UnixRights(fd)
	}
	if err := unix.Sendmsg(int(c.f.Fd()), b, oob, nil, 0); err != nil {
		return &SyscallError{Op: "sendmsg sync " + string(m.Type), Err: err}
	}
	return nil
}

// recv reads one message and the fd sent with it (-1 if none). io.EOF-like
// end (the peer exited) is errPeerGone.
func (c *syncConn) recv() (syncMsg, int, error) {
	buf := make([]byte, 64<<10)
	oob := make([]byte, unix.CmsgSpace(4))
	for {
		n, oobn, _, _, err := unix.Recvmsg(int(c.f.Fd()), buf, oob, unix.MSG_CMSG_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return syncMsg{}, -1, &SyscallError{Op: "recvmsg sync", Err: err}
		}
		if n == 0 {
			return syncMsg{}, -1, errPeerGone
		}
		if n == 1 && buf[0] == 'J' { // the static init joined its v1 cgroup (staticTable)
			return syncMsg{Type: syncJoined}, -1, nil
		}
		if n == 8 && buf[0] != '{' { // the static init's report (sinit_table.go)
			le := binary.LittleEndian
			return syncMsg{}, -1, &sinitReport{index: le.Uint32(buf), errno: unix.Errno(le.Uint32(buf[4:]))}
		}
		fd, err := parseRights(oob[:oobn])
		if err != nil {
			return syncMsg{}, -1, err
		}
		m, err := decodeSync(buf[:n])
		if err != nil {
			return syncMsg{}, -1, err
		}
		return m, fd, nil
	}
}

var errPeerGone = errors.New("the other side exited")

// sinitReport is the static init's report of the entry that failed: the
// Go init's execve, for a container it does not set up itself.
type sinitReport struct {
	index uint32
	errno unix.Errno
}

func (r *sinitReport) Error() string {
	return fmt.Sprintf("static init: entry %d failed: %v", r.index, r.errno)
}

func (r *sinitReport) Unwrap() error { return r.errno }

// A message that is only its type ("ready" untraced, "go", "console", the
// init's "hooks") is the JSON {"type":"T"}, written and read here without
// encoding/json: a container's init then never uses it, whose first use
// costs a process its type tables (about a hundred page faults at start).
const (
	bareOpen  = `{"type":"`
	bareClose = `"}`
)

func encodeSync(m syncMsg) ([]byte, error) {
	if m.Error == "" && m.Code == 0 && len(m.Steps) == 0 && m.Hooks == nil && bareType(string(m.Type)) {
		return []byte(bareOpen + string(m.Type) + bareClose), nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode sync message: %w", err)
	}
	return b, nil
}

func decodeSync(b []byte) (syncMsg, error) {
	if t, ok := strings.CutPrefix(string(b), bareOpen); ok {
		if t, ok = strings.CutSuffix(t, bareClose); ok && bareType(t) {
			return syncMsg{Type: syncType(t)}, nil
		}
	}
	var m syncMsg
	if err := json.Unmarshal(b, &m); err != nil {
		return syncMsg{}, fmt.Errorf("decode sync message: %w", err)
	}
	return m, nil
}

// bareType: a type that needs no JSON escaping (every syncType does).
func bareType(t string) bool {
	for _, r := range t {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return t != ""
}

func parseRights(oob []byte) (int, error) {
	if len(oob) == 0 {
		return -1, nil
	}
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil || len(msgs) == 0 {
		return -1, fmt.Errorf("parse control message: %w", err)
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) == 0 {
		return -1, fmt.Errorf("parse unix rights: %w", err)
	}
	for _, extra := range fds[1:] {
		unix.Close(extra)
	}
	return fds[0], nil
}

// sendError reports err to the parent with the exit code it maps to.
func (c *syncConn) sendError(err error) error {
	code := exitcode.Or(err, exitcode.Engine)
	return c.send(syncMsg{Type: syncError, Error: err.Error(), Code: code}, -1)
}

// asError turns an "error" message into an error for the parent.
func (m syncMsg) asError() error {
	return exitcode.New(m.Code, errors.New(m.Error))
}
