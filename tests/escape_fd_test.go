package tests

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// CVE-2024-21626: no fd of tent's leaks into the container (an fd of a host
// dir would be a way out through /proc/self/fd/N), and a working dir that
// resolves outside the rootfs is refused or lands inside it.

func TestEscapeFdsOnlyStdio(t *testing.T) {
	img := busyboxImage(t)
	id := runD(t, img, "sleep", "60")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"run", []string{"run", "--rm", "--network", "none", img, "ls", "/proc/self/fd"}},
		{"run -i", []string{"run", "--rm", "-i", "--network", "none", img, "ls", "/proc/self/fd"}},
		{"exec", []string{"exec", id, "ls", "/proc/self/fd"}},
		{"exec -i", []string{"exec", "-i", id, "ls", "/proc/self/fd"}},
		{"the init's command", []string{"exec", id, "ls", "/proc/1/fd"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tent(t, tc.args...)
			mustSucceed(t, r)
			fds := strings.Fields(r.Stdout)
			sort.Strings(fds)
			// 3 is the dir ls reads (or, for /proc/1/fd, nothing: sleep has 0-2).
			if got := strings.Join(fds, " "); got != "0 1 2 3" && got != "0 1 2" {
				t.Errorf("fds in the container: %q, want 0 1 2 (and ls's 3)", got)
			}
		})
	}
}

// insideCheck prints "inside" when the cwd is reachable from the
// container's root by the path getcwd gives (the same dev:inode); a cwd out
// of the root reads "(unreachable)/..." or a path naming another dir.
const insideCheck = `p=$(pwd -P) && [ "$(stat -c %d:%i .)" = "$(stat -c %d:%i "$p")" ] && echo inside "$p"`

func TestEscapeCwdOutsideRootfs(t *testing.T) {
	img := busyboxImage(t)
	id := runD(t, img, "sleep", "60")
	cwds := []string{"/proc/self/cwd/..", "/proc/self/root/..", "/proc/1/cwd/../..", "/../../..", "/proc/self/exe/.."}
	for fd := 3; fd <= 9; fd++ {
		cwds = append(cwds, fmt.Sprintf("/proc/self/fd/%d", fd), fmt.Sprintf("/proc/self/fd/%d/../..", fd))
	}
	for _, cwd := range cwds {
		for _, how := range []string{"run", "exec"} {
			t.Run(how+" -w "+cwd, func(t *testing.T) {
				args := []string{"run", "--rm", "--network", "none", "-w", cwd, img, "sh", "-c", insideCheck}
				if how == "exec" {
					args = []string{"exec", "-w", cwd, id, "sh", "-c", insideCheck}
				}
				r := tent(t, args...)
				if r.Code != 0 {
					if strings.Contains(r.Stdout, "inside") {
						t.Fatalf("failed after it started:\n%s", r)
					}
					return // refused
				}
				if !strings.HasPrefix(strings.TrimSpace(r.Stdout), "inside /") || strings.Contains(r.Stdout, "unreachable") {
					t.Fatalf("cwd out of the rootfs:\n%s", r)
				}
			})
		}
	}
}
