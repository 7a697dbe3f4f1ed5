package runtime

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDMZ runs the trampoline as a file: it execs argv[0] with argv[1:],
// keeps the environment, closes fds from 3 on, and exits 127 for a missing
// file and 126 for one it cannot exec.
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
	extra, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	for _, tc := range []struct {
		argv []string
		code int
		out  string
	}{
		{[]string{"/bin/sh", "sh", "-c", `echo "$0 $1 $X"; ls /proc/self/fd`, "a", "b"}, 0, "a b y\n0\n1\n2\n"},
		{[]string{"/bin/sh", "-sh", "-c", "exit 7"}, 7, ""},
		{[]string{"/no/such/file", "x"}, 127, ""},
		{[]string{noexec, "x"}, 126, ""},
	} {
		cmd := exec.Command(dmz)
		cmd.Args = tc.argv
		cmd.Env = []string{"X=y"}
		cmd.ExtraFiles = []*os.File{extra} // fd 3: closed before the exec
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
			t.Errorf("%q: exit %d, out %q; want %d, %q", tc.argv, code, got, tc.code, tc.out)
		}
	}
}
