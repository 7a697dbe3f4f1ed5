package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/procfs"
)

// TopRow is one process of `tent top`.
type TopRow struct {
	PID  int
	User string
	Time string
	Cmd  string
}

// clockTicks is USER_HZ, 100 on every Linux architecture tent builds for.
const clockTicks = 100

// Top lists the processes of a running container's cgroup (host pids).
func (e *Engine) Top(ref string) ([]TopRow, error) {
	rec, err := e.Containers.Get(ref)
	if err != nil {
		return nil, err
	}
	if rec.State.Status != container.StatusRunning {
		return nil, fmt.Errorf("container %s %w", rec.ID, ErrNotRunning)
	}
	pids, err := e.Runtime.Pids(rec.ID)
	if err != nil {
		return nil, fmt.Errorf("top: %w", err)
	}
	passwd, _ := os.ReadFile("/proc/" + strconv.Itoa(rec.State.Pid) + "/root/etc/passwd")
	rows := make([]TopRow, 0, len(pids))
	for _, pid := range pids {
		if r, ok := topRow(pid, passwd); ok {
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// topRow reads one process from /proc; ok=false when it is gone.
func topRow(pid int, passwd []byte) (TopRow, bool) {
	p := "/proc/" + strconv.Itoa(pid)
	stat, err := os.ReadFile(p + "/stat")
	if err != nil {
		return TopRow{}, false
	}
	st, _ := procfs.ParseStat(stat)
	cmd, _ := os.ReadFile(p + "/cmdline")
	c := strings.TrimSpace(string(bytes.ReplaceAll(cmd, []byte{0}, []byte{' '})))
	if c == "" {
		c = "[" + st.Comm + "]"
	}
	status, _ := os.ReadFile(p + "/status")
	return TopRow{PID: pid, User: userName(statusUID(status), passwd), Time: psTime(st.UTime + st.STime), Cmd: c}, true
}

// psTime is busybox ps's TIME: minutes:seconds of CPU.
func psTime(ticks uint64) string {
	sec := ticks / clockTicks
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

func statusUID(status []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 1 && f[0] == "Uid:" {
			return f[1]
		}
	}
	return "?"
}

// userName looks uid up in the container's /etc/passwd.
func userName(uid string, passwd []byte) string {
	for _, line := range strings.Split(string(passwd), "\n") {
		if f := strings.Split(line, ":"); len(f) > 2 && f[2] == uid {
			return f[0]
		}
	}
	return uid
}

// WriteTop prints rows under busybox ps's header.
func WriteTop(w *bufio.Writer, rows []TopRow) error {
	fmt.Fprintf(w, "%-8s %-8s %-6s %s\n", "PID", "USER", "TIME", "COMMAND")
	for _, r := range rows {
		fmt.Fprintf(w, "%-8d %-8s %-6s %s\n", r.PID, r.User, r.Time, r.Cmd)
	}
	return w.Flush()
}
