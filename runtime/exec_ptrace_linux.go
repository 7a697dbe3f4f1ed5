package runtime

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/moby/sys/capability"
	"golang.org/x/sys/unix"
)

// Between its fork and its execve, exec's fast-path child is a copy of the
// calling tent binary (a plain file on the host). It is not dumpable, so
// only a process holding CAP_SYS_PTRACE in the host's user namespace can
// open its /proc/<pid>/exe, and keep the fd to write the binary once tent
// has exited (CVE-2019-5736). The fast path is therefore taken only when no
// process in the container's pid namespace can hold that capability:
//   - the init's capability sets lack it (its descendants cannot gain it);
//   - no exec ever gave it to a process (ptraceExecMarker, written by
//     stage-2 before such a process starts);
//   - no container shares the pid namespace (sharedPidNSDir, written by a
//     container that joins one before its init starts).
// Anything else takes stage-2, whose launcher (launch.go) shows the
// container only the read-only init binary.

const (
	// ptraceExecMarker, in a container's state dir: some exec gave a
	// process CAP_SYS_PTRACE.
	ptraceExecMarker = "ptrace-exec"
	// sharedPidNSDir, under the runtime root, holds one empty file per pid
	// namespace a container joined, named after the namespace's dev-inode.
	// None is removed: a stale one only sends execs to stage-2.
	sharedPidNSDir = ".shared-pidns"
	capSysPtrace   = int(capability.CAP_SYS_PTRACE)
)

// ptraceReach says why a process of the container's pid namespace may hold
// CAP_SYS_PTRACE ("" when none can); pidNS is that namespace, or nil.
func (c *container) ptraceReach(pidNS *os.File) (string, error) {
	if held, err := capsHold(c.st.Pid, capSysPtrace); err != nil || held {
		return "CAP_SYS_PTRACE in the init's capabilities", err
	}
	if _, err := os.Lstat(filepath.Join(c.dir, ptraceExecMarker)); err == nil {
		return "CAP_SYS_PTRACE given to an exec'd process", nil
	}
	if pidNS == nil {
		return "", nil
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(pidNS.Fd()), &st); err != nil {
		return "", &SyscallError{Op: "fstat", Path: pidNS.Name(), Err: err}
	}
	if _, err := os.Lstat(sharedPidNSMarker(filepath.Dir(c.dir), &st)); err == nil {
		return "a pid namespace shared with another container", nil
	}
	return "", nil
}

func sharedPidNSMarker(root string, st *unix.Stat_t) string {
	return filepath.Join(root, sharedPidNSDir, strconv.FormatUint(st.Dev, 10)+"-"+strconv.FormatUint(st.Ino, 10))
}

// markSharedPidNS records, before a container's init is cloned into the
// pid namespace at path, that the namespace is shared.
func markSharedPidNS(root, path string) error {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return &SyscallError{Op: "stat", Path: path, Err: err}
	}
	if err := os.MkdirAll(filepath.Join(root, sharedPidNSDir), 0o700); err != nil {
		return fmt.Errorf("mark shared pid namespace: %w", err)
	}
	if err := os.WriteFile(sharedPidNSMarker(root, &st), nil, 0o600); err != nil {
		return fmt.Errorf("mark shared pid namespace: %w", err)
	}
	return nil
}

// markPtraceExec records, before stage-2 starts p, that a process of the
// container may hold CAP_SYS_PTRACE.
func (c *container) markPtraceExec() error {
	err := os.WriteFile(filepath.Join(c.dir, ptraceExecMarker), nil, 0o600)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("mark CAP_SYS_PTRACE exec: %w", err)
	}
	return nil
}

// capsHold reads /proc/<pid>/status: whether capability bit is in any of
// the process's sets (bounding, permitted, inheritable, ambient: a
// descendant can gain an inheritable one from a file's capabilities).
func capsHold(pid, bit int) (bool, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return false, fmt.Errorf("read the init's capabilities: %w", err)
	}
	defer f.Close()
	var n int
	for s := bufio.NewScanner(f); s.Scan(); {
		k, v, _ := strings.Cut(s.Text(), ":\t")
		switch k {
		case "CapInh", "CapPrm", "CapBnd", "CapAmb":
			set, err := strconv.ParseUint(v, 16, 64)
			if err != nil {
				return false, fmt.Errorf("read the init's capabilities: %s: %w", k, err)
			}
			if set&(1<<bit) != 0 {
				return true, nil
			}
			n++
		}
	}
	if n < 3 { // CapAmb is newer than the others
		return false, fmt.Errorf("read the init's capabilities: no Cap lines in /proc/%d/status", pid)
	}
	return false, nil
}
