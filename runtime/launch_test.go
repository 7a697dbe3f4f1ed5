package runtime

import (
	"reflect"
	"strings"
	"testing"
)

func TestLaunchArgs(t *testing.T) {
	full := launchArgs{cloneFlags: 0x6c020000, setsid: true, keep: 6, report: 6,
		joins: []launchJoin{{fd: 8, typ: 0x08000000}, {fd: 9, typ: 0x20000000}}}
	for _, a := range []launchArgs{full, {keep: 3, report: 3}} {
		enc := a.encode()
		if enc[0] != launchArg {
			t.Fatalf("encode: %q does not start with %q", enc, launchArg)
		}
		got, err := parseLaunchArgs(enc[1:])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, a) {
			t.Errorf("round trip of %q: %+v, want %+v", enc, got, a)
		}
	}
}

func TestParseLaunchArgsRefuses(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"report=3"}, "keep"},
		{[]string{"keep=3"}, "report"},
		{[]string{"keep=2", "report=3"}, "keep >= 3"},
		{[]string{"keep=4", "report=3"}, "report >= keep"},
		{[]string{"keep=3", "keep=4", "report=4"}, `"keep=4"`},
		{[]string{"keep=3", "report=3", "ns=5"}, "fd:type"},
		{[]string{"keep=3", "report=3", "mode=x"}, "unknown key"},
		{[]string{"keep=3", "report=3", "flags=zz"}, "flags=zz"},
		{[]string{"keep"}, `"keep"`},
	} {
		_, err := parseLaunchArgs(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseLaunchArgs(%q) = %v, want an error with %q", tt.args, err, tt.want)
		}
	}
}

func TestParseLaunchReport(t *testing.T) {
	for _, tt := range []struct {
		in   string
		pid  int
		want string
	}{
		{"1234", 1234, ""},
		{"error: setns: EINVAL", 0, "launcher: setns: EINVAL"},
		{"", 0, "no pid"},
		{"0", 0, "no pid"},
		{"12x", 0, "no pid"},
	} {
		pid, err := parseLaunchReport([]byte(tt.in))
		if pid != tt.pid || (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("parseLaunchReport(%q) = %d, %v; want %d, %q", tt.in, pid, err, tt.pid, tt.want)
		}
	}
}
