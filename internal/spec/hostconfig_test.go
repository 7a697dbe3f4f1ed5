package spec

import (
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestParseUlimit(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Ulimit
		wantErr string
	}{
		{"nofile=1024", Ulimit{"nofile", 1024, 1024}, ""},
		{"nofile=1024:2048", Ulimit{"nofile", 2048, 1024}, ""},
		{"core=-1", Ulimit{"core", -1, -1}, ""},
		{"nproc=10:-1", Ulimit{"nproc", -1, 10}, ""},
		{"nofile", Ulimit{}, "want name=soft[:hard]"},
		{"bogus=1", Ulimit{}, `unknown type "bogus"`},
		{"nofile=x", Ulimit{}, "soft limit"},
		{"nofile=1:y", Ulimit{}, "hard limit"},
		{"nofile=20:10", Ulimit{}, "above hard limit"},
		{"nofile=-1:10", Ulimit{}, "above hard limit"},
	} {
		got, err := ParseUlimit(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseDevice(t *testing.T) {
	for _, tc := range []struct {
		in, host, ctr, access, wantErr string
	}{
		{"/dev/fuse", "/dev/fuse", "/dev/fuse", "rwm", ""},
		{"/dev/fuse:r", "/dev/fuse", "/dev/fuse", "r", ""},
		{"/dev/fuse:/dev/f", "/dev/fuse", "/dev/f", "rwm", ""},
		{"/dev/fuse:/dev/f:rw", "/dev/fuse", "/dev/f", "rw", ""},
		{"dev/fuse", "", "", "", "not absolute"},
		{"/dev/fuse:/", "", "", "", "below /"},
		{"/dev/fuse:/dev/f:rx", "", "", "", "subset of rwm"},
		{"/dev/fuse:/dev/f:rr", "", "", "", "subset of rwm"},
		{"/a:/b:r:x", "", "", "", "want host"},
	} {
		d, err := ParseDevice(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || d.Host != tc.host || d.Container != tc.ctr || d.Access != tc.access {
			t.Errorf("%s: got %+v, %v", tc.in, d, err)
		}
	}
}

func TestHostConfigErrors(t *testing.T) {
	fuse := Device{Host: "/dev/sda", Container: "/dev/sda", Access: "rwm", Node: specs.LinuxDevice{Type: "p"}}
	for _, tc := range []struct {
		name    string
		opts    []Option
		wantErr string
	}{
		{"net sysctl with host network", []Option{WithoutNamespace(specs.NetworkNamespace),
			WithSysctls(map[string]string{"net.ipv4.ip_forward": "1"})}, "host's network namespace"},
		{"ipc sysctl with host ipc", []Option{WithoutNamespace(specs.IPCNamespace),
			WithSysctls(map[string]string{"kernel.shmmax": "1"})}, "host's ipc namespace"},
		{"shm-size with host ipc", []Option{WithoutNamespace(specs.IPCNamespace), WithShmSize(1 << 20)}, "--ipc host"},
		{"negative shm-size", []Option{WithShmSize(-1)}, "--shm-size"},
		{"oom-score-adj range", []Option{WithOOMScoreAdj(-1001)}, "[-1000, 1000]"},
		{"unknown group", []Option{WithGroupAdd("nosuch")}, "unable to find group nosuch"},
		{"not a device", []Option{WithDevices(fuse)}, "not a character or block device"},
		{"cpus and quota", []Option{WithResources(Resources{CPUs: 1, CPUQuota: 5000})}, "conflicting options"},
		{"period range", []Option{WithResources(Resources{CPUPeriod: 10})}, "--cpu-period"},
		{"quota min", []Option{WithResources(Resources{CPUQuota: 10})}, "--cpu-quota"},
		{"reservation above memory", []Option{WithResources(Resources{Memory: 10 << 20, MemoryReservation: 20 << 20})}, "reservation"},
		{"cpuset syntax", []Option{WithResources(Resources{CpusetCpus: "0-x"})}, "--cpuset-cpus"},
		{"cpuset reversed", []Option{WithResources(Resources{CpusetMems: "3-1"})}, "--cpuset-mems"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(busybox, runOpts(tc.opts...)...)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestHostIPCBindsHostShm(t *testing.T) {
	s, err := New(busybox, runOpts(WithoutNamespace(specs.IPCNamespace))...)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range s.Mounts {
		if m.Destination == "/dev/shm" {
			if m.Type != "bind" || m.Source != "/dev/shm" {
				t.Fatalf("/dev/shm is %+v, want a bind of the host's", m)
			}
			return
		}
	}
	t.Fatal("no /dev/shm mount")
}

func TestParseLabels(t *testing.T) {
	got, err := ParseLabels(append(ParseLabelFile([]byte("# c\n\na=file\nb=x=y\n")), "a=flag", "empty"))
	if err != nil || len(got) != 3 || got["a"] != "flag" || got["b"] != "x=y" || got["empty"] != "" {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := ParseLabels([]string{"=v"}); err == nil {
		t.Fatal("an empty key is accepted")
	}
}
