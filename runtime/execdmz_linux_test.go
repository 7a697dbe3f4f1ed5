package runtime

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestDMZ runs the trampoline as a file: it writes "0" to its fd 5, execs
// argv[0] with argv[1:], keeps the environment, applies the rlimits of its
// fd 4, closes fds from 3 on, and exits 127 for a missing file, 126 for one
// it cannot exec, a limit it cannot set, or a missing fd 3 (run as a
// script's interpreter), and 126 with dmzJoinMsg when its write fails.
func TestDMZ(t *testing.T) {
	dmz := writeDMZ(t)
	dir := t.TempDir()
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
	const (
		joinNull = iota // fd 5: /dev/null
		joinFile        // a file, which must then hold "0"
		joinNone        // no fd 5
		joinRO          // a read-only fd
	)
	for _, tc := range []struct {
		name   string
		argv   []string
		limits []dmzRlimit
		noFD3  bool
		join   int
		code   int
		out    string
	}{
		{"exec", plain, nil, false, joinNull, 0, "a b y\n0\n1\n2\n"},
		{"rlimits", shell, limits, false, joinNull, 0, "100 200 0\n"},
		{"exit code", []string{"/bin/sh", "-sh", "-c", "exit 7"}, nil, false, joinNull, 7, ""},
		{"missing", []string{"/no/such/file", "x"}, nil, false, joinNull, 127, ""},
		{"not executable", []string{noexec, "x"}, nil, false, joinNull, 126, ""},
		{"limit refused", shell, tooHigh, false, joinNull, 126, ""},
		{"no fd 3", shell, nil, true, joinNull, 126, ""},
		{"writes 0 to fd 5", plain, nil, false, joinFile, 0, "a b y\n0\n1\n2\n"},
		{"no fd 5", plain, nil, false, joinNone, 126, ""},
		{"fd 5 refuses the write", plain, nil, false, joinRO, 126, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			self, err := os.Open(dmz)
			if err != nil {
				t.Fatal(err)
			}
			defer self.Close()
			tf := fileWith(t, dmzRlimitTable(tc.limits))
			defer tf.Close()
			join := map[int]string{joinNull: os.DevNull, joinFile: filepath.Join(t.TempDir(), "procs"), joinRO: dmz}[tc.join]
			var jf *os.File
			if join != "" {
				flag := os.O_WRONLY | os.O_CREATE
				if tc.join == joinRO {
					flag = os.O_RDONLY
				}
				if jf, err = os.OpenFile(join, flag, 0o600); err != nil {
					t.Fatal(err)
				}
				defer jf.Close()
			}
			cmd := exec.Command(dmz)
			cmd.Args = tc.argv
			cmd.Env = []string{"X=y"}
			cmd.ExtraFiles = []*os.File{self, tf, jf}
			if tc.noFD3 {
				cmd.ExtraFiles[0] = nil
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
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
			if joinFailed := tc.join == joinNone || tc.join == joinRO; joinFailed != (stderr.String() == dmzJoinMsg) {
				t.Errorf("stderr %q (join failed: %v)", stderr.String(), joinFailed)
			}
			if tc.join == joinFile {
				if b, err := os.ReadFile(join); err != nil || string(b) != "0" {
					t.Errorf("fd 5 got %q (%v), want \"0\"", b, err)
				}
			}
		})
	}
}

// writeDMZ writes the trampoline to a temp dir (mode 0755: the tests run
// it from processes that may read it).
func writeDMZ(t *testing.T) string {
	t.Helper()
	return writeELF(t, dmzELF(), "dmz", 0o755, "no exec trampoline for this arch: exec always takes stage-2")
}

// writeELF writes elf as name in a temp dir with mode, and skips the test
// with why when elf is nil (none for this arch).
func writeELF(t *testing.T, elf []byte, name string, mode os.FileMode, why string) string {
	t.Helper()
	if elf == nil {
		t.Skip(why)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, elf, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// fileWith is an open file holding b.
func fileWith(t *testing.T, b []byte) *os.File {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
