package runtime

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestDMZ runs the trampoline as a file: it execs argv[0] with argv[1:],
// keeps the environment, applies the rlimits of its fd 4, closes fds from
// 3 on, and exits 127 for a missing file, 126 for one it cannot exec, a
// limit it cannot set, or a missing fd 3 (run as a script's interpreter).
func TestDMZ(t *testing.T) {
	elf := dmzELF()
	if elf == nil {
		t.Skip("no exec trampoline for this arch: exec always takes stage-2")
	}
	dir := t.TempDir()
	dmz := filepath.Join(dir, "dmz")
	if err := os.WriteFile(dmz, elf, 0o755); err != nil {
		t.Fatal(err)
	}
	noexec := filepath.Join(dir, "noexec")
	if err := os.WriteFile(noexec, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	limits := []dmzRlimit{{unix.RLIMIT_NOFILE, 100, 200}, {unix.RLIMIT_CORE, 0, 0}}
	tooHigh := []dmzRlimit{{unix.RLIMIT_NOFILE, 10, 10}, {unix.RLIMIT_NOFILE, 20, 20}} // hard raised again
	if os.Geteuid() == 0 {
		tooHigh = []dmzRlimit{{unix.RLIMIT_NOFILE, 10, 5}} // soft above hard
	}
	plain := []string{"/bin/sh", "sh", "-c", `echo "$0 $1 $X"; ls /proc/self/fd`, "a", "b"}
	shell := []string{"/bin/sh", "sh", "-c", `echo "$(ulimit -n) $(ulimit -Hn) $(ulimit -c)"`}
	for _, tc := range []struct {
		name   string
		argv   []string
		limits []dmzRlimit
		noFD3  bool
		code   int
		out    string
	}{
		{"exec", plain, nil, false, 0, "a b y\n0\n1\n2\n"},
		{"rlimits", shell, limits, false, 0, "100 200 0\n"},
		{"exit code", []string{"/bin/sh", "-sh", "-c", "exit 7"}, nil, false, 7, ""},
		{"missing", []string{"/no/such/file", "x"}, nil, false, 127, ""},
		{"not executable", []string{noexec, "x"}, nil, false, 126, ""},
		{"limit refused", shell, tooHigh, false, 126, ""},
		{"no fd 3", shell, nil, true, 126, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			self, err := os.Open(dmz)
			if err != nil {
				t.Fatal(err)
			}
			defer self.Close()
			table := filepath.Join(t.TempDir(), "table")
			if err := os.WriteFile(table, dmzRlimitTable(tc.limits), 0o600); err != nil {
				t.Fatal(err)
			}
			tf, err := os.Open(table)
			if err != nil {
				t.Fatal(err)
			}
			defer tf.Close()
			cmd := exec.Command(dmz)
			cmd.Args = tc.argv
			cmd.Env = []string{"X=y"}
			cmd.ExtraFiles = []*os.File{self, tf}
			if tc.noFD3 {
				cmd.ExtraFiles = []*os.File{nil, tf}
			}
			out, err := cmd.Output()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatalf("%q: %v", tc.argv, err)
			}
			// ls lists the fd of /proc/self/fd it reads (3) too.
			got := strings.Replace(string(out), "2\n3\n", "2\n", 1)
			if code != tc.code || got != tc.out {
				t.Errorf("exit %d, out %q; want %d, %q", code, got, tc.code, tc.out)
			}
		})
	}
}
