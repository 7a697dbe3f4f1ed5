package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDetachEarlyMonitor: tent starts a run -d's monitor before its main
// (internal/earlymon): the container's monitor is that one, its stderr
// the container's monitor log, and it clones the init ahead; a run -d
// that fails before its start, and a run whose -d belongs to the command,
// leave no monitor and no init behind.
func TestDetachEarlyMonitor(t *testing.T) {
	img := busyboxImage(t)
	monitors := func() int { return len(pidsOf(filepath.Join(binDir, "tent-monitor"))) }
	id := runD(t, img, "sleep", "1000")
	mon := inspectF(t, id, "{{.State.MonitorPid}}")
	cmdline, _ := os.ReadFile("/proc/" + mon + "/cmdline")
	if got := strings.ReplaceAll(string(cmdline), "\x00", " "); !strings.HasSuffix(got, "__tent_monitor --early ") {
		t.Errorf("monitor's command line %q: not the early monitor", got)
	}
	if log, err := os.Readlink("/proc/" + mon + "/fd/2"); err != nil || !strings.Contains(log, id) || filepath.Base(log) != "monitor.log" {
		t.Errorf("monitor's stderr %q (%v): not its monitor log", log, err)
	}
	if monitors() == 0 {
		t.Fatal("no monitor of this run found (pidsOf)")
	}
	if r := tent(t, "rm", "-f", id); r.Code != 0 {
		t.Fatalf("rm -f: %s", r)
	}
	// The init is cloned ahead (the monitor's debug log says which): the
	// runtime told the monitor the very init it then asked for.
	for _, flags := range [][]string{{"--network", "none"}, {}, {"-t"}, {"--pid", "host"}} {
		r := tent(t, append(append([]string{"--debug", "run", "-d"}, flags...), img, "sleep", "1000")...)
		id := strings.TrimSpace(r.Stdout)
		if r.Code != 0 {
			t.Fatalf("run -d %q: %s", flags, r)
		}
		b, _ := os.ReadFile(filepath.Join(testRoot, "containers", id, "monitor.log"))
		if !strings.Contains(string(b), ": init cloned ahead\n") {
			t.Errorf("run -d %q: the init was not cloned ahead; monitor log:\n%s", flags, b)
		}
		tent(t, "rm", "-f", id)
	}
	before := monitors()
	initExe := filepath.Join(testState, "runtime", ".init-exe")
	for _, args := range [][]string{
		{"run", "-d", "--pull", "never", "tent-test/no-such-image:1"}, // fails before the start
		{"run", "-d", "--name", "/bad/name", img, "true"},             // refused name
		{"run", "--rm", img, "ls", "-d", "/"},                         // -d is ls's
	} {
		r := tent(t, args...)
		if (r.Code == 0) != (args[len(args)-1] == "/") {
			t.Errorf("%q: %s", args, r)
		}
		if n := monitors(); n != before {
			t.Errorf("%q left %d monitors running (%d before)", args, n, before)
		}
		// An init the monitor cloned ahead ends with it: its config never
		// comes.
		waitFor(t, 5*time.Second, "no init cloned ahead left", func() bool { return len(processesOf(initExe)) == 0 })
	}
}

// processesOf lists the processes whose binary is exe.
func processesOf(exe string) []string {
	ents, _ := os.ReadDir("/proc")
	var pids []string
	for _, e := range ents {
		if p, err := os.Readlink("/proc/" + e.Name() + "/exe"); err == nil && p == exe {
			pids = append(pids, e.Name())
		}
	}
	return pids
}
