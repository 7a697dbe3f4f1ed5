package engine

import (
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

var sh = v1.Config{Cmd: []string{"sh"}}

func findMount(s *specs.Spec, dst string) *specs.Mount {
	for i := range s.Mounts {
		if s.Mounts[i].Destination == dst {
			return &s.Mounts[i]
		}
	}
	return nil
}

func TestSpecBasics(t *testing.T) {
	s := mustSpec(t, sh, RunOptions{}, testCtx())
	if s.Hostname != "0123456789ab" || s.Root.Path != "/c/rootfs" || s.Root.Readonly {
		t.Fatalf("hostname %q root %+v", s.Hostname, s.Root)
	}
	if s.Process.NoNewPrivileges || s.Process.Terminal {
		t.Fatal("no_new_privs and terminal must be off by default")
	}
	caps := s.Process.Capabilities
	if len(caps.Bounding) != 14 || !reflect.DeepEqual(caps.Bounding, caps.Effective) || len(caps.Inheritable) != 0 || len(caps.Ambient) != 0 {
		t.Fatalf("caps = %+v", caps)
	}
	for _, c := range caps.Bounding {
		if c == "CAP_SYS_ADMIN" || c == "CAP_NET_ADMIN" {
			t.Fatalf("%s must not be granted", c)
		}
	}
	if len(s.Linux.MaskedPaths) != 12 || len(s.Linux.ReadonlyPaths) != 5 {
		t.Fatalf("masked %v ro %v", s.Linux.MaskedPaths, s.Linux.ReadonlyPaths)
	}
	var types []specs.LinuxNamespaceType
	for _, n := range s.Linux.Namespaces {
		types = append(types, n.Type)
	}
	if want := []specs.LinuxNamespaceType{"pid", "mount", "uts", "ipc", "network"}; !reflect.DeepEqual(types, want) {
		t.Fatalf("namespaces %v, want %v", types, want)
	}
}

func TestSpecMounts(t *testing.T) {
	s := mustSpec(t, sh, RunOptions{Volumes: []string{"/data:/data:ro", "/tmp/x:/work"}}, testCtx())
	for dst, want := range map[string]string{
		"/proc": "proc", "/dev": "tmpfs", "/dev/pts": "devpts", "/dev/shm": "tmpfs", "/dev/mqueue": "mqueue",
		"/sys": "sysfs", "/sys/fs/cgroup": "cgroup", "/etc/hostname": "bind", "/etc/hosts": "bind",
		"/etc/resolv.conf": "bind", "/data": "bind", "/work": "bind",
	} {
		m := findMount(s, dst)
		if m == nil || m.Type != want {
			t.Errorf("mount %s = %+v, want type %s", dst, m, want)
		}
	}
	if m := findMount(s, "/sys"); !strings.Contains(strings.Join(m.Options, ","), "ro") {
		t.Errorf("/sys must be read-only: %v", m.Options)
	}
	if m := findMount(s, "/dev/shm"); !strings.Contains(strings.Join(m.Options, ","), "size=67108864") {
		t.Errorf("/dev/shm must be 64m: %v", m.Options)
	}
	if m := findMount(s, "/data"); m.Source != "/data" || m.Options[len(m.Options)-1] != "ro" {
		t.Errorf("/data: %+v", m)
	}
	if m := findMount(s, "/work"); m.Source != "/tmp/x" || strings.Contains(strings.Join(m.Options, ","), "ro") {
		t.Errorf("/work: %+v", m)
	}
	if m := findMount(s, "/etc/hostname"); m.Source != "/c/hostname" {
		t.Errorf("/etc/hostname: %+v", m)
	}
}

func TestParseVolume(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Volume
		wantErr string
	}{
		{in: "/a:/b", want: Volume{Host: "/a", Container: "/b"}},
		{in: "/a/../c/:/b/:ro", want: Volume{Host: "/c", Container: "/b", ReadOnly: true}},
		{in: "/a:/b:rw", want: Volume{Host: "/a", Container: "/b"}},
		{in: "/a", wantErr: "want /host:/container"},
		{in: "/a:b", wantErr: "container path \"b\" is not absolute"},
		{in: "rel:/b", wantErr: "named volumes are not supported"},
		{in: "/a:/b:xx", wantErr: "unknown mode"},
		{in: "/a:/", wantErr: "cannot mount over /"},
		{in: "/a:/b:ro:x", wantErr: "want /host:/container"},
	} {
		got, err := ParseVolume(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %+v %v, want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestSpecOptions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		o     RunOptions
		ctx   func(*SpecContext)
		check func(*testing.T, *specs.Spec)
	}{
		{"read-only", RunOptions{ReadOnly: true}, nil, func(t *testing.T, s *specs.Spec) {
			if !s.Root.Readonly {
				t.Fatal("root not read-only")
			}
		}},
		{"hostname flag", RunOptions{Hostname: "web"}, nil, func(t *testing.T, s *specs.Spec) {
			if s.Hostname != "web" {
				t.Fatalf("hostname %q", s.Hostname)
			}
		}},
		{"tty", RunOptions{TTY: true}, nil, func(t *testing.T, s *specs.Spec) {
			if !s.Process.Terminal {
				t.Fatal("terminal off")
			}
		}},
		{"netns path", RunOptions{}, func(c *SpecContext) { c.NetnsPath = "/run/tent/netns/x" }, func(t *testing.T, s *specs.Spec) {
			if n := s.Linux.Namespaces[4]; n.Type != "network" || n.Path != "/run/tent/netns/x" {
				t.Fatalf("netns %+v", n)
			}
		}},
		{"host network", RunOptions{Network: "host"}, nil, func(t *testing.T, s *specs.Spec) {
			for _, n := range s.Linux.Namespaces {
				if n.Type == "network" {
					t.Fatal("host network must not get a netns")
				}
			}
		}},
		{"nofile capped at tent's hard limit", RunOptions{}, func(c *SpecContext) { c.NofileHard = 524288 }, func(t *testing.T, s *specs.Spec) {
			if r := s.Process.Rlimits[0]; r.Type != "RLIMIT_NOFILE" || r.Hard != 524288 || r.Soft != 524288 {
				t.Fatalf("rlimit %+v", r)
			}
		}},
		{"nofile default", RunOptions{}, func(c *SpecContext) { c.NofileHard = 1 << 30 }, func(t *testing.T, s *specs.Spec) {
			if r := s.Process.Rlimits[0]; r.Hard != 1048576 {
				t.Fatalf("rlimit %+v", r)
			}
		}},
		{"init binds tent read-only", RunOptions{Init: true}, func(c *SpecContext) { c.InitPath = "/usr/local/bin/tent" }, func(t *testing.T, s *specs.Spec) {
			m := findMount(s, InitTarget)
			if m == nil || m.Source != "/usr/local/bin/tent" || !strings.Contains(strings.Join(m.Options, ","), "ro") {
				t.Fatalf("init mount %+v", m)
			}
		}},
		{"cgroups path", RunOptions{}, func(c *SpecContext) { c.CgroupsPath = "/tent/x" }, func(t *testing.T, s *specs.Spec) {
			if s.Linux.CgroupsPath != "/tent/x" {
				t.Fatalf("cgroups path %q", s.Linux.CgroupsPath)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testCtx()
			if tc.ctx != nil {
				tc.ctx(&c)
			}
			tc.check(t, mustSpec(t, sh, tc.o, c))
		})
	}
}

func TestSpecInitWithoutPath(t *testing.T) {
	if _, err := Spec(testImage(sh), RunOptions{Init: true}, testCtx()); err == nil {
		t.Fatal("--init without InitPath: want an error")
	}
}

func TestSpecResources(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    RunOptions
		want specs.LinuxResources
	}{
		{"none", RunOptions{}, specs.LinuxResources{}},
		{"memory: swap defaults to twice", RunOptions{Memory: 32 << 20},
			specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(32 << 20)), Swap: ptr(int64(64 << 20))}}},
		{"memory-swap", RunOptions{Memory: 32 << 20, MemorySwap: 48 << 20},
			specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(32 << 20)), Swap: ptr(int64(48 << 20))}}},
		{"memory-swap unlimited", RunOptions{Memory: 32 << 20, MemorySwap: -1},
			specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(32 << 20)), Swap: ptr(int64(-1))}}},
		{"cpus", RunOptions{CPUs: 1.5},
			specs.LinuxResources{CPU: &specs.LinuxCPU{Period: ptr(uint64(100000)), Quota: ptr(int64(150000))}}},
		{"cpu-shares", RunOptions{CPUShares: 512}, specs.LinuxResources{CPU: &specs.LinuxCPU{Shares: ptr(uint64(512))}}},
		{"pids", RunOptions{PidsLimit: 50}, specs.LinuxResources{Pids: &specs.LinuxPids{Limit: ptr(int64(50))}}},
		{"pids -1 is unlimited", RunOptions{PidsLimit: -1}, specs.LinuxResources{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustSpec(t, sh, tc.o, testCtx()).Linux.Resources
			tc.want.Devices = deviceRules()
			if !reflect.DeepEqual(*got, tc.want) {
				t.Fatalf("resources\n got %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestDeviceRules(t *testing.T) {
	r := deviceRules()
	if r[0].Allow || r[0].Access != "rwm" || r[0].Type != "" {
		t.Fatalf("first rule must deny all: %+v", r[0])
	}
	allowed := map[[2]int64]bool{}
	for _, d := range r[1:] {
		if d.Major != nil && d.Minor != nil {
			allowed[[2]int64{*d.Major, *d.Minor}] = true
		}
	}
	for _, dev := range [][2]int64{{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}} {
		if !allowed[dev] {
			t.Errorf("device %d:%d not allowed", dev[0], dev[1])
		}
	}
	if len(devices(false)) != 6 {
		t.Errorf("want 6 default device nodes")
	}
}

func TestSpecResourcesRejected(t *testing.T) {
	for _, o := range []RunOptions{
		{Memory: 1 << 20}, {MemorySwap: 64 << 20}, {Memory: 64 << 20, MemorySwap: 32 << 20}, {CPUs: -1},
	} {
		if _, err := Spec(testImage(sh), o, testCtx()); err == nil {
			t.Errorf("%+v: want an error", o)
		}
	}
}
