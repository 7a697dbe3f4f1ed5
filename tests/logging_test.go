package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDebugLogging: `tent --debug run` tells the whole path on stderr, one
// line per decision with its offset; without it stderr stays empty.
func TestDebugLogging(t *testing.T) {
	img := busyboxImage(t)
	for _, tc := range []struct {
		name  string
		flags []string
		want  []string // each a regexp some stderr line matches
	}{
		{"off", nil, nil},
		{"--log-level info", []string{"--log-level", "info"}, nil},
		{"--debug", []string{"--debug"}, []string{
			`^DEBU \+\d+\.\d{3}ms image: resolve ` + regexp.QuoteMeta(img) + ` → sha256:[0-9a-f]{64} `,
			`^DEBU .* runtime: create [0-9a-f]+: spec args "true" user 0:0 .* caps 14 .* namespaces \[.*\]`,
			`^DEBU .* runtime: create [0-9a-f]+: mount overlay → .* type overlay `,
			`^DEBU .* runtime: create [0-9a-f]+: mount proc → /proc type proc `,
			`^DEBU .* runtime: /sys/fs/cgroup/\S+ ← `,
			`^DEBU .* network: veth veth\S+ \(bridge `,
			`^DEBU .* network: netns \S+: eth0 [0-9.]+/\d+ up`,
			`^DEBU .* runtime: start [0-9a-f]+: pid \d+ execs "true" as 0:0 in /( \(static init\))?$`,
			`^DEBU .* engine: run [0-9a-f]+: exited with code 0 `,
			`^DEBU .* runtime: delete [0-9a-f]+: `,
		}},
		{"-l debug", []string{"-l", "debug"}, []string{`^DEBU .* runtime: start [0-9a-f]+: pid \d+ execs "true"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tent(t, append(tc.flags, "run", "--rm", img, "true")...)
			mustSucceed(t, r)
			if tc.want == nil && r.Stderr != "" {
				t.Fatalf("stderr without --debug:\n%s", r.Stderr)
			}
			lines := strings.Split(r.Stderr, "\n")
			for _, w := range tc.want {
				re := regexp.MustCompile(w)
				found := false
				for _, l := range lines {
					found = found || re.MatchString(l)
				}
				if !found {
					t.Errorf("no stderr line matches %s\n%s", w, r.Stderr)
				}
			}
		})
	}
}

func TestLogLevelInvalid(t *testing.T) {
	r := tent(t, "--log-level", "loud", "ps")
	if r.Code == 0 || !strings.Contains(r.Stderr, `invalid log level "loud"`) {
		t.Fatalf("tent --log-level loud ps:\n%s", r)
	}
}

// TestDebugLoggingDetached: with `tent --debug run -d`, the first start's
// setup logs on the CLI's stderr (the CLI makes the container), the
// monitor to the container's monitor.log.
func TestDebugLoggingDetached(t *testing.T) {
	r := tent(t, "--debug", "run", "-d", "--network", "none", busyboxImage(t), "true")
	id := strings.TrimSpace(r.Stdout)
	if r.Code != 0 || !fullID.MatchString(id) {
		t.Fatalf("run -d: want a 64-hex id\n%s", r)
	}
	t.Cleanup(func() { tent(t, "rm", "-f", id) })
	if !strings.Contains(r.Stderr, "runtime: start "+id+": pid ") {
		t.Errorf("no runtime start line on stderr:\n%s", r.Stderr)
	}
	logPath := filepath.Join(testRoot, "containers", id, "monitor.log")
	want := []string{"monitor: running " + id + ": pid ", "monitor: exited " + id + ": code 0"}
	var b []byte
	waitFor(t, 10*time.Second, "the monitor's debug lines", func() bool {
		b, _ = os.ReadFile(logPath)
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				return false
			}
		}
		return true
	})
}
