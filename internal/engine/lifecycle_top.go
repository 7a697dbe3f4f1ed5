package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/procfs"
)

// Process is one process of a container, as `tent top` lists it.
type Process struct {
	PID  int    // on the host
	User string // its uid's name in the container's /etc/passwd, else the uid
	CPU  time.Duration
	Cmd  string // its command line, or [comm]
}

// clockTicks is USER_HZ, 100 on every Linux architecture tent builds for.
const clockTicks = 100

// Top lists the processes of a running container's cgroup (host pids).
func (e *Engine) Top(ref string) ([]Process, error) {
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
	// Without a readable /etc/passwd (missing, not a regular file, too big)
	// users show as uids: the container cannot make top fail or hang.
	passwd, _ := containerFiles(rec.State.Pid).ReadFile("/etc/passwd")
	rows := make([]Process, 0, len(pids))
	for _, pid := range pids {
		if r, ok := topRow(pid, passwd); ok {
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// topRow reads one process from /proc; ok=false when it is gone.
func topRow(pid int, passwd []byte) (Process, bool) {
	st, err := procfs.ReadStat(pid)
	if err != nil {
		return Process{}, false
	}
	p := "/proc/" + strconv.Itoa(pid)
	cmd, _ := os.ReadFile(p + "/cmdline")
	c := strings.TrimSpace(string(bytes.ReplaceAll(cmd, []byte{0}, []byte{' '})))
	if c == "" {
		c = "[" + st.Comm + "]"
	}
	status, _ := os.ReadFile(p + "/status")
	cpu := time.Duration(st.UTime+st.STime) * (time.Second / clockTicks)
	return Process{PID: pid, User: userName(statusUID(status), passwd), CPU: cpu, Cmd: c}, true
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
