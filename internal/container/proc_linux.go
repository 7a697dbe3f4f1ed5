package container

import (
	"bytes"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// ProcStart returns the start time of pid (field 22 of /proc/<pid>/stat, in
// clock ticks since boot); with the pid it names one process for good.
func ProcStart(pid int) (uint64, error) {
	if pid <= 0 {
		return 0, fmt.Errorf("proc start: bad pid %d", pid)
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, fmt.Errorf("proc start %d: %w", pid, err)
	}
	return parseStatStart(b)
}

// parseStatStart reads starttime from a /proc/<pid>/stat line. The comm
// field may hold spaces and parens, so fields are counted after the last ')'.
func parseStatStart(b []byte) (uint64, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("proc stat: no comm")
	}
	f := bytes.Fields(b[i+1:])
	// After comm: state is field 3, starttime field 22 → index 19.
	if len(f) < 20 {
		return 0, fmt.Errorf("proc stat: %d fields", len(f))
	}
	return strconv.ParseUint(string(f[19]), 10, 64)
}

// Alive reports whether pid still names the process that started at start
// (start 0: any process with that pid) and is not a zombie.
func Alive(pid int, start uint64) bool {
	if pid <= 0 {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) && b[i+2] == 'Z' {
		return false
	}
	if start == 0 {
		return true
	}
	got, err := parseStatStart(b)
	return err == nil && got == start
}

// killPid sends sig to pid when it is still the process that started at start.
func killPid(pid int, start uint64, sig unix.Signal) {
	if Alive(pid, start) {
		_ = unix.Kill(pid, sig)
	}
}
