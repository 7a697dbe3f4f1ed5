package spec

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// fakeProfiles stands for runtime/seccomp: the profile names what it was
// resolved from, so the golden files show the caps it got.
type fakeProfiles struct{}

func (fakeProfiles) Default(caps []string) (*specs.LinuxSeccomp, error) {
	return &specs.LinuxSeccomp{DefaultAction: specs.ActErrno,
		Syscalls: []specs.LinuxSyscall{{Names: append([]string{"default-profile-for"}, caps...), Action: specs.ActAllow}}}, nil
}

func (fakeProfiles) Parse(data []byte, caps []string) (*specs.LinuxSeccomp, error) {
	return &specs.LinuxSeccomp{DefaultAction: specs.ActErrno,
		Syscalls: []specs.LinuxSyscall{{Names: append([]string{"json:" + string(data)}, caps...), Action: specs.ActAllow}}}, nil
}

func TestCapabilities(t *testing.T) {
	def := DefaultCapabilities()
	without := func(drop ...string) []string {
		return slices.DeleteFunc(DefaultCapabilities(), func(c string) bool { return slices.Contains(drop, c) })
	}
	host := []string{"CAP_CHOWN", "CAP_KILL", "CAP_SYS_ADMIN"}
	for _, tc := range []struct {
		name       string
		add, drop  []string
		privileged bool
		want       []string
		err        string
	}{
		{name: "defaults", want: def},
		{name: "add, any spelling", add: []string{"net_admin", "CAP_SYS_TIME", "Sys_Ptrace"},
			want: append(DefaultCapabilities(), "CAP_NET_ADMIN", "CAP_SYS_TIME", "CAP_SYS_PTRACE")},
		{name: "add a default again", add: []string{"CHOWN"}, want: def},
		{name: "drop", drop: []string{"mknod", "CAP_NET_RAW"}, want: without("CAP_MKNOD", "CAP_NET_RAW")},
		{name: "drop then add the same", drop: []string{"KILL"}, add: []string{"KILL"}, want: append(without("CAP_KILL"), "CAP_KILL")},
		{name: "drop all", drop: []string{"all"}, want: nil},
		{name: "drop all, add one", drop: []string{"ALL"}, add: []string{"net_admin"}, want: []string{"CAP_NET_ADMIN"}},
		{name: "add all", add: []string{"ALL"}, want: host},
		{name: "add all but one", add: []string{"ALL"}, drop: []string{"kill"}, want: []string{"CAP_CHOWN", "CAP_SYS_ADMIN"}},
		{name: "privileged ignores drops", privileged: true, drop: []string{"ALL"}, want: host},
		{name: "unknown add", add: []string{"NET_WIZARD"}, err: `--cap-add: unknown capability: "NET_WIZARD"`},
		{name: "unknown drop", drop: []string{"CAP_"}, err: `--cap-drop: unknown capability: "CAP_"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := collect([]Option{WithCapAdd(tc.add...), WithCapDrop(tc.drop...), WithPrivileged(tc.privileged), WithHostCapabilities(host)})
			got, err := capabilities(&o)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("err = %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("caps = %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestAllCapabilitiesByDefault(t *testing.T) {
	o := collect([]Option{WithPrivileged(true)})
	caps, _ := capabilities(&o)
	if !slices.Contains(caps, "CAP_SYS_ADMIN") || !slices.Contains(caps, "CAP_BPF") || len(caps) < 41 {
		t.Fatalf("privileged without host caps: %v", caps)
	}
}

func TestSecurityOpts(t *testing.T) {
	for _, tc := range []struct {
		opts []string
		want security
		err  string
	}{
		{opts: nil},
		{opts: []string{"no-new-privileges"}, want: security{noNewPrivs: true}},
		{opts: []string{"no-new-privileges=true"}, want: security{noNewPrivs: true}},
		{opts: []string{"no-new-privileges:true"}, want: security{noNewPrivs: true}},
		{opts: []string{"no-new-privileges", "no-new-privileges=false"}, want: security{}},
		{opts: []string{"no-new-privileges=yes"}, err: "no-new-privileges takes true or false"},
		{opts: []string{"seccomp=unconfined"}, want: security{seccomp: "unconfined"}},
		{opts: []string{"seccomp:unconfined"}, want: security{seccomp: "unconfined"}},
		{opts: []string{"seccomp=unconfined", "seccomp=builtin"}, want: security{}},
		{opts: []string{`seccomp={"defaultAction":"SCMP_ACT_ERRNO"}`}, want: security{seccomp: `{"defaultAction":"SCMP_ACT_ERRNO"}`}},
		{opts: []string{"seccomp=/etc/p.json"}, err: "want seccomp=unconfined, builtin or a profile's JSON file"},
		{opts: []string{"systempaths=unconfined"}, want: security{noMasks: true}},
		{opts: []string{"apparmor=unconfined", "label=disable", "label:disable"}},
		{opts: []string{"apparmor=docker-default"}, err: "no AppArmor or SELinux support"},
		{opts: []string{"label=type:svirt_t"}, err: "no AppArmor or SELinux support"},
		{opts: []string{"seccomp"}, err: `invalid --security-opt "seccomp"`},
		{opts: []string{"nonsense=1"}, err: `invalid --security-opt "nonsense=1"`},
	} {
		t.Run(strings.Join(tc.opts, ","), func(t *testing.T) {
			got, err := securityOf(tc.opts)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestResolveSecurityOpts(t *testing.T) {
	files := map[string]string{"/p.json": "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\"\n}\n", "/bad.json": "{"}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("open " + p + ": no such file")
	}
	got, err := ResolveSecurityOpts([]string{"no-new-privileges", "seccomp=/p.json", "seccomp=unconfined"}, read)
	want := []string{"no-new-privileges", `seccomp={"defaultAction":"SCMP_ACT_ERRNO"}`, "seccomp=unconfined"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, %v", got, err)
	}
	for _, bad := range []string{"seccomp=/missing.json", "seccomp=/bad.json", "apparmor=x"} {
		if _, err := ResolveSecurityOpts([]string{bad}, read); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestSeccompNeedsLoader(t *testing.T) {
	if s, err := New(busybox, runOpts()...); err != nil || s.Linux.Seccomp != nil {
		t.Fatalf("no loader, default: %v %v", s.Linux.Seccomp, err)
	}
	if _, err := New(busybox, runOpts(WithSecurityOpts(`seccomp={"defaultAction":"SCMP_ACT_ERRNO"}`))...); err == nil {
		t.Fatal("a JSON profile without a loader: no error")
	}
}
