package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrapperScript(t *testing.T) {
	for _, tc := range []struct {
		name        string
		rt          runtimeArg
		hybrid      bool
		want, wantN []string
	}{
		{"runc gets its root", runtimeArg{"runc", "/usr/sbin/runc"}, true,
			[]string{`exec "/usr/sbin/runc" --root "/t/r" "$@"`}, []string{"unshare", "ociVersion"}},
		{"crun on hybrid", runtimeArg{"crun", "/usr/bin/crun"}, true,
			[]string{"umount /sys/fs/cgroup/unified", `"ociVersion":"1.1.0"`, `"/usr/bin/crun" --root "/t/r" "$@"`}, nil},
		{"crun on v2", runtimeArg{"crun", "/usr/bin/crun"}, false,
			[]string{`"ociVersion":"1.1.0"`, `exec "/usr/bin/crun" --root "/t/r" "$@"`}, []string{"unshare"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := wrapperScript(tc.rt, "/t/r", tc.hybrid)
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("script lacks %q:\n%s", w, s)
				}
			}
			for _, w := range tc.wantN {
				if strings.Contains(s, w) {
					t.Errorf("script has %q:\n%s", w, s)
				}
			}
		})
	}
}

func TestParseRuntime(t *testing.T) {
	if _, err := parseRuntime("x="); err == nil {
		t.Error("x= accepted")
	}
	if _, err := parseRuntime("no-such-runtime-here"); err == nil {
		t.Error("a missing binary accepted")
	}
	rt, err := parseRuntime("shell=sh")
	if err != nil || rt.Name != "shell" || !strings.HasPrefix(rt.Path, "/") {
		t.Errorf("parseRuntime(shell=sh) = %+v, %v", rt, err)
	}
}

func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "deleted")
	w := filepath.Join(dir, "rt")
	script := "#!/bin/sh\ncase \"$1\" in\nlist) echo c1; echo c2 ;;\ndelete) echo \"$2 $3\" >> " + log + " ;;\nesac\n"
	if err := os.WriteFile(w, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	removeLeftovers("rt", w)
	got, err := os.ReadFile(log)
	if err != nil || string(got) != "-f c1\n-f c2\n" {
		t.Errorf("deleted %q (%v), want -f c1 and -f c2", got, err)
	}
}
