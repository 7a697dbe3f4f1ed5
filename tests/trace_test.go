package tests

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// traceLine is one line of --trace=json.
type traceLine struct {
	Step    string  `json:"step"`
	Where   string  `json:"where"`
	Depth   int     `json:"depth"`
	StartMs float64 `json:"start_ms"`
	DurMs   float64 `json:"dur_ms"`
}

func parseTrace(t *testing.T, r result) []traceLine {
	t.Helper()
	var out []traceLine
	sc := bufio.NewScanner(strings.NewReader(r.Stderr))
	for sc.Scan() {
		var l traceLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("stderr line %q is not JSON: %v\n%s", sc.Text(), err, r)
		}
		out = append(out, l)
	}
	return out
}

// inOrder checks that each of want is the start of a step, found in this
// order (steps are sorted by start), and returns the steps matched.
func inOrder(t *testing.T, steps []traceLine, want ...string) {
	t.Helper()
	i := 0
	for _, s := range steps {
		if i < len(want) && strings.HasPrefix(s.Step, want[i]) {
			i++
		}
	}
	if i < len(want) {
		var names []string
		for _, s := range steps {
			names = append(names, fmt.Sprintf("%9.3f %s: %s", s.StartMs, s.Where, s.Step))
		}
		// the missing step last too: CI shows a failure's tail
		t.Fatalf("step %q missing or out of order; steps (start ms, where, step):\n%s\nmissing or out of order: %q", want[i], strings.Join(names, "\n"), want[i])
	}
}

// TestRunTraceJSON: every kernel step of a bridge run, in start order, the
// init's nested below the runtime's below tent's: set up by the static
// init and tent's thread (the default), and by the Go init (a sysctl,
// which the static init cannot write: planStatic).
func TestRunTraceJSON(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags []string
		steps [][]string // each in this order
	}{
		{"static init", nil, [][]string{{"open stores", "image resolve", "runtime create", "state dir",
			"static init: setup", "thread: setns into the init's namespaces", "mount overlay rootfs (", "mount sysfs on /sys",
			"pivot_root", "runtime start", "seccomp load, execve of the command", "container ran"}}},
		{"Go init", []string{"--sysctl", "net.ipv4.ip_unprivileged_port_start=0"}, [][]string{
			// The runtime's "init setup" is not in the order below: it
			// starts once the config is sent, and the init, another
			// process, may begin mounting before the runtime has read the
			// clock.
			{"runtime create", "init setup"},
			{"open stores", "image resolve", "runtime create", "state dir", "setns network",
				"mount overlay rootfs (", "mount proc on /proc", "mount sysfs on /sys", "pivot_root",
				"masked paths (", "read-only paths (", "capabilities: bounding set", "runtime start",
				"seccomp load, execve of the command", "container ran"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tent(t, append(append([]string{"run", "--rm", "--trace=json"}, tc.flags...), busyboxImage(t), "echo", "hi")...)
			mustSucceed(t, r)
			if r.Stdout != "hi\n" {
				t.Fatalf("stdout %q\n%s", r.Stdout, r)
			}
			steps := parseTrace(t, r)
			for _, want := range tc.steps {
				inOrder(t, steps, want...)
			}
			checkRunTrace(t, steps)
		})
	}
}

// checkRunTrace checks what every bridged run's trace holds: the cgroup,
// the init's clone flags, the network's steps, the nesting.
func checkRunTrace(t *testing.T, steps []traceLine) {
	t.Helper()
	inOrder(t, steps, "cgroup v", "cgroup write ")
	cloned := false
	for _, s := range steps {
		// the init was cloned with these namespaces, here or ahead
		if strings.HasPrefix(s.Step, "clone init (pid,") || strings.HasPrefix(s.Step, "take the init spawned ahead (pid,") {
			cloned = true
		}
	}
	if !cloned {
		t.Errorf("no step names the init's clone flags")
	}
	inOrder(t, steps, "veth ", "address ", "default route via ", "nft rules")
	for _, s := range steps {
		want := map[string]int{"": 0, "runtime": 1, "network": 1, "init": 2}[s.Where]
		if s.Depth != want || s.DurMs < 0 || s.StartMs < 0 {
			t.Errorf("step %+v: want depth %d", s, want)
		}
	}
}

// TestRunTraceWaterfall: the default output fits 80 columns, and -d
// prints the start's steps (the CLI's setup, nested) before the id.
func TestRunTraceWaterfall(t *testing.T) {
	r := tent(t, "run", "--rm", "--network", "none", "--trace", busyboxImage(t), "true")
	mustSucceed(t, r)
	lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
	if len(lines) < 10 || !strings.HasPrefix(lines[0], "tent run --trace: ") {
		t.Fatalf("waterfall:\n%s", r)
	}
	for _, l := range lines {
		if utf8.RuneCountInString(l) > 80 || (l != lines[0] && l != lines[1] && !strings.HasSuffix(l, "|")) {
			t.Errorf("line %q: not a waterfall row of at most 80 columns", l)
		}
	}
	if !strings.Contains(r.Stderr, "      pivot_root") && !strings.Contains(r.Stderr, "    pivot_root") {
		t.Errorf("pivot_root not nested under the runtime:\n%s", r.Stderr)
	}

	d := tent(t, "run", "-d", "--network", "none", "--trace=json", busyboxImage(t), "sleep", "60")
	mustSucceed(t, d)
	id := strings.TrimSpace(d.Stdout)
	defer tent(t, "rm", "-f", id)
	steps := parseTrace(t, d)
	inOrder(t, steps, "open stores", "spawn monitor", "mount overlay rootfs (", "pivot_root", "runtime start", "seccomp load, execve of the command")
	for _, s := range steps {
		if s.Step == "pivot_root" && (s.Where != "init" || s.Depth != 3) {
			t.Errorf("-d: pivot_root %+v, want the init's at depth 3 (tent > setup > runtime > init)", s)
		}
	}

	e := tent(t, "exec", "--trace=json", id, "true")
	mustSucceed(t, e)
	inOrder(t, parseTrace(t, e), "container record", "runtime exec", "command ran")
}
