package procfs

import (
	"bytes"
	"fmt"
	"strconv"
)

// Stat is what tent uses of /proc/<pid>/stat (proc_pid_stat(5)).
type Stat struct {
	PID       int
	Comm      string // the command name, without the parentheses
	State     byte   // R, S, D, Z, X, ...
	PPID      int
	UTime     uint64 // clock ticks in user mode
	STime     uint64 // clock ticks in kernel mode
	StartTime uint64 // clock ticks after boot
}

// ParseStat parses "pid (comm) S ppid ... utime stime ... starttime ...".
func ParseStat(b []byte) (Stat, error) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return Stat{}, fmt.Errorf("parse proc stat %q: no comm", b)
	}
	var st Stat
	var err error
	if st.PID, err = strconv.Atoi(string(bytes.TrimSpace(b[:open]))); err != nil {
		return Stat{}, fmt.Errorf("parse proc stat pid: %w", err)
	}
	st.Comm = string(b[open+1 : end])
	// After comm: fields 3 (state) and on of the file; starttime is field
	// 22, so index 19. Read without splitting: ps reads one per container.
	var f [20][]byte
	n := 0
	for rest := b[end+1:]; n < len(f); n++ {
		rest = bytes.TrimLeft(rest, " \n")
		i := bytes.IndexAny(rest, " \n")
		if i < 0 {
			i = len(rest)
		}
		if i == 0 {
			break
		}
		f[n], rest = rest[:i], rest[i:]
	}
	if n < len(f) {
		return Stat{}, fmt.Errorf("parse proc stat: %d fields after comm, want 20", n)
	}
	if len(f[0]) != 1 {
		return Stat{}, fmt.Errorf("parse proc stat state %q", f[0])
	}
	st.State = f[0][0]
	if st.PPID, err = strconv.Atoi(string(f[1])); err != nil {
		return Stat{}, fmt.Errorf("parse proc stat ppid: %w", err)
	}
	for _, n := range [...]struct {
		to *uint64
		i  int
	}{{&st.UTime, 11}, {&st.STime, 12}, {&st.StartTime, 19}} {
		if *n.to, err = strconv.ParseUint(string(f[n.i]), 10, 64); err != nil {
			return Stat{}, fmt.Errorf("parse proc stat field %d: %w", n.i+3, err)
		}
	}
	return st, nil
}
