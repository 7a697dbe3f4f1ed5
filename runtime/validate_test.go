package runtime

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestCheckSpec(t *testing.T) {
	i64 := func(v int64) *int64 { return &v }
	u64 := func(v uint64) *uint64 { return &v }
	yes := func() *bool { v := true; return &v }
	withLinux := func(f func(l *specs.Linux)) func(*specs.Spec) {
		return func(s *specs.Spec) { f(s.Linux) }
	}
	res := func(f func(r *specs.LinuxResources)) func(*specs.Spec) {
		return withLinux(func(l *specs.Linux) { f(l.Resources) })
	}
	tests := []struct {
		name  string
		edit  func(*specs.Spec)
		v2    bool
		field string // "" means accepted
	}{
		{"base", func(*specs.Spec) {}, false, ""},
		{"base v2", func(*specs.Spec) {}, true, ""},
		{"apparmor", func(s *specs.Spec) { s.Process.ApparmorProfile = "docker-default" }, false, "process.apparmorProfile"},
		{"selinux", func(s *specs.Spec) { s.Process.SelinuxLabel = "system_u:r:container_t" }, false, "process.selinuxLabel"},
		{"scheduler", func(s *specs.Spec) { s.Process.Scheduler = &specs.Scheduler{Policy: "SCHED_FIFO"} }, false, "process.scheduler"},
		{"io priority", func(s *specs.Spec) { s.Process.IOPriority = &specs.LinuxIOPriority{} }, false, "process.ioPriority"},
		{"rlimit known", func(s *specs.Spec) {
			s.Process.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Hard: 10, Soft: 10}}
		}, false, ""},
		{"rlimit unknown", func(s *specs.Spec) { s.Process.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_BOGUS"}} }, false, "process.rlimits"},
		{"hook createRuntime", func(s *specs.Spec) {
			s.Hooks = &specs.Hooks{CreateRuntime: []specs.Hook{{Path: "/bin/true"}}}
		}, false, ""},
		{"hook createContainer", func(s *specs.Spec) {
			s.Hooks = &specs.Hooks{CreateContainer: []specs.Hook{{Path: "/bin/true"}}}
		}, false, ""},
		{"hook startContainer", func(s *specs.Spec) {
			s.Hooks = &specs.Hooks{StartContainer: []specs.Hook{{Path: "/bin/true"}}}
		}, false, ""},
		{"windows", func(s *specs.Spec) { s.Windows = &specs.Windows{} }, false, "windows"},
		{"bind ro", func(s *specs.Spec) {
			s.Mounts = append(s.Mounts, specs.Mount{Destination: "/v", Type: "bind", Source: "/x", Options: []string{"rbind", "ro"}})
		}, false, ""},
		{"bind with filesystem parameters", func(s *specs.Spec) {
			s.Mounts = append(s.Mounts, specs.Mount{Destination: "/v", Type: "bind", Source: "/x", Options: []string{"rbind", "mode=755", "size=1k"}})
		}, false, ""},
		{"bind with an unknown word", func(s *specs.Spec) {
			s.Mounts = append(s.Mounts, specs.Mount{Destination: "/v", Type: "bind", Source: "/x", Options: []string{"rbind", "nosiud"}})
		}, false, "mounts[1].options"},
		{"recursive ro", func(s *specs.Spec) {
			s.Mounts = append(s.Mounts, specs.Mount{Destination: "/v", Source: "/x", Options: []string{"rbind", "rro"}})
		}, false, "mounts[1].options"},
		{"idmapped", func(s *specs.Spec) {
			s.Mounts[0].UIDMappings = []specs.LinuxIDMapping{{ContainerID: 0, HostID: 1000, Size: 1}}
		}, false, "mounts[0].uidMappings"},
		{"no type", func(s *specs.Spec) { s.Mounts[0].Type = "" }, false, "mounts[0].type"},
		{"user namespace mappings", withLinux(func(l *specs.Linux) {
			l.UIDMappings = []specs.LinuxIDMapping{{HostID: 100000, Size: 65536}}
		}), false, "linux.uidMappings"},
		{"mount label", withLinux(func(l *specs.Linux) { l.MountLabel = "system_u:object_r:x" }), false, "linux.mountLabel"},
		{"intel rdt", withLinux(func(l *specs.Linux) { l.IntelRdt = &specs.LinuxIntelRdt{ClosID: "a"} }), false, "linux.intelRdt"},
		{"personality linux", withLinux(func(l *specs.Linux) { l.Personality = &specs.LinuxPersonality{Domain: specs.PerLinux} }), false, ""},
		{"personality linux32", withLinux(func(l *specs.Linux) { l.Personality = &specs.LinuxPersonality{Domain: specs.PerLinux32} }), false, "linux.personality"},
		{"time offsets", withLinux(func(l *specs.Linux) {
			l.TimeOffsets = map[string]specs.LinuxTimeOffset{"monotonic": {Secs: 1}}
		}), false, "linux.timeOffsets"},
		// applied (seccomp.go), or refused there without a compiler
		{"seccomp", withLinux(func(l *specs.Linux) { l.Seccomp = &specs.LinuxSeccomp{DefaultAction: specs.ActErrno} }), false, ""},
		{"propagation", withLinux(func(l *specs.Linux) { l.RootfsPropagation = "rshared" }), false, ""},
		{"propagation bad", withLinux(func(l *specs.Linux) { l.RootfsPropagation = "shared-ish" }), false, "linux.rootfsPropagation"},
		{"user namespace", withLinux(func(l *specs.Linux) {
			l.Namespaces = append(l.Namespaces, specs.LinuxNamespace{Type: specs.UserNamespace})
		}), false, "linux.namespaces[5]"},
		{"time namespace", withLinux(func(l *specs.Linux) {
			l.Namespaces = append(l.Namespaces, specs.LinuxNamespace{Type: specs.TimeNamespace})
		}), false, "linux.namespaces[5]"},
		{"sysctl net", withLinux(func(l *specs.Linux) { l.Sysctl = map[string]string{"net.ipv4.ip_forward": "1"} }), false, ""},
		{"sysctl ipc", withLinux(func(l *specs.Linux) { l.Sysctl = map[string]string{"kernel.shmmax": "1", "fs.mqueue.msg_max": "9"} }), false, ""},
		{"sysctl host", withLinux(func(l *specs.Linux) { l.Sysctl = map[string]string{"kernel.core_pattern": "|/x"} }), false, "linux.sysctl"},
		{"sysctl vm", withLinux(func(l *specs.Linux) { l.Sysctl = map[string]string{"vm.overcommit_memory": "1"} }), false, "linux.sysctl"},
		{"sysctl dots", withLinux(func(l *specs.Linux) { l.Sysctl = map[string]string{"net...kernel": "1"} }), false, "linux.sysctl"},
		{"sysctl net on host network", withLinux(func(l *specs.Linux) {
			l.Namespaces = l.Namespaces[:4] // no network namespace
			l.Sysctl = map[string]string{"net.ipv4.ip_forward": "1"}
		}), false, "linux.sysctl"},
		{"block io", res(func(r *specs.LinuxResources) { r.BlockIO = &specs.LinuxBlockIO{Weight: new(uint16)} }), false, "linux.resources.blockIO"},
		{"hugepages", res(func(r *specs.LinuxResources) {
			r.HugepageLimits = []specs.LinuxHugepageLimit{{Pagesize: "2MB", Limit: 1}}
		}), true, "linux.resources.hugepageLimits"},
		{"net class", res(func(r *specs.LinuxResources) { r.Network = &specs.LinuxNetwork{ClassID: new(uint32)} }), false, "linux.resources.network"},
		{"rdma", res(func(r *specs.LinuxResources) { r.Rdma = map[string]specs.LinuxRdma{"mlx": {}} }), false, "linux.resources.rdma"},
		{"unified v1", res(func(r *specs.LinuxResources) { r.Unified = map[string]string{"memory.high": "1"} }), false, "linux.resources.unified"},
		{"unified v2", res(func(r *specs.LinuxResources) { r.Unified = map[string]string{"memory.high": "1"} }), true, ""},
		{"kernel memory", res(func(r *specs.LinuxResources) {
			//lint:ignore SA1019 a bundle may still set it: it must be refused
			r.Memory = &specs.LinuxMemory{Kernel: i64(1 << 20)}
		}), false, "linux.resources.memory.kernel"},
		{"swappiness v1", res(func(r *specs.LinuxResources) { r.Memory = &specs.LinuxMemory{Swappiness: u64(10)} }), false, ""},
		{"swappiness v2", res(func(r *specs.LinuxResources) { r.Memory = &specs.LinuxMemory{Swappiness: u64(10)} }), true, "linux.resources.memory.swappiness"},
		{"swappiness unset v2", res(func(r *specs.LinuxResources) { r.Memory = &specs.LinuxMemory{Swappiness: u64(^uint64(0))} }), true, ""},
		{"oom killer off v2", res(func(r *specs.LinuxResources) { r.Memory = &specs.LinuxMemory{DisableOOMKiller: yes()} }), true, "linux.resources.memory.disableOOMKiller"},
		{"realtime", res(func(r *specs.LinuxResources) { r.CPU = &specs.LinuxCPU{RealtimeRuntime: i64(950000)} }), false, "linux.resources.cpu.realtimeRuntime"},
		{"cpu limits", res(func(r *specs.LinuxResources) {
			r.CPU = &specs.LinuxCPU{Shares: u64(512), Quota: i64(50000), Period: u64(100000), Cpus: "0"}
		}), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSpec()
			tt.edit(s)
			err := checkSpec(s, tt.v2)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ue *UnsupportedError
			if !errors.As(err, &ue) || ue.Field != tt.field || !errors.Is(err, ErrUnsupported) {
				t.Fatalf("got %v, want a refusal of %s", err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("error %q does not name %s", err, tt.field)
			}
		})
	}
}

// tent's own specs (internal/spec's golden files) are all accepted.
func TestCheckSpecTentSpecs(t *testing.T) {
	files, err := filepath.Glob("../internal/spec/testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden specs: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s specs.Spec
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, v2 := range []bool{false, true} {
			if err := checkSpec(&s, v2); err != nil {
				t.Errorf("%s (v2 %v): %v", filepath.Base(f), v2, err)
			}
		}
	}
}

func baseSpec() *specs.Spec {
	return &specs.Spec{
		Version: specs.Version,
		Process: &specs.Process{Args: []string{"sh"}, Cwd: "/"},
		Root:    &specs.Root{Path: "rootfs"},
		Mounts:  []specs.Mount{{Destination: "/proc", Type: "proc", Source: "proc"}},
		Linux: &specs.Linux{
			Namespaces: []specs.LinuxNamespace{{Type: specs.PIDNamespace}, {Type: specs.MountNamespace},
				{Type: specs.IPCNamespace}, {Type: specs.UTSNamespace}, {Type: specs.NetworkNamespace}},
			Resources: &specs.LinuxResources{},
		},
	}
}
