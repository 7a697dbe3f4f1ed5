package main

import (
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
