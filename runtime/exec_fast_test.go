package runtime

import (
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/runtime/seccomp"
	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// TestFastExecPlan: when exec must take stage-2, and why; else how the
// process joins its cgroup.
func TestFastExecPlan(t *testing.T) {
	docker := testutil.DockerCaps()
	prof, err := seccomp.DefaultProfile(docker)
	if err != nil {
		t.Fatal(err)
	}
	dockerFilter, err := seccomp.Compile(prof)
	if err != nil {
		t.Fatal(err)
	}
	noCloseRange := *prof // Docker's profile without close_range (an older one): refused by default
	noCloseRange.Syscalls = nil
	for _, s := range prof.Syscalls {
		var names []string
		for _, n := range s.Names {
			if n != "close_range" {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			s.Names = names
			noCloseRange.Syscalls = append(noCloseRange.Syscalls, s)
		}
	}
	ncr, err := seccomp.Compile(&noCloseRange)
	if err != nil {
		t.Fatal(err)
	}
	killAll := load.Program{Filter: []unix.SockFilter{{Code: unix.BPF_RET | unix.BPF_K, K: 0}}}
	base := func() fastExecFacts {
		return fastExecFacts{haveDMZ: true, arch: auditArchNative, kernel: "6.1.0-57-amd64",
			hardLimit: func(string) (uint64, bool) { return 1024, true }, nsDelegate: func() bool { return false }}
	}
	proc := func(mod func(p *specs.Process)) *specs.Process {
		p := testSpec("true").Process
		mod(p)
		return p
	}
	adj := func(n int) *int { return &n }
	noClone3 := load.Program{Filter: []unix.SockFilter{ // clone3 refused, the rest allowed
		{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: 0},
		{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, K: unix.SYS_CLONE3, Jt: 0, Jf: 1},
		{Code: unix.BPF_RET | unix.BPF_K, K: 0x00050000 | uint32(unix.ENOSYS)},
		{Code: unix.BPF_RET | unix.BPF_K, K: 0x7fff0000}}}
	v2 := func(filter *load.Program, kernel string, suidDumpable int) func(f *fastExecFacts) {
		return func(f *fastExecFacts) {
			f.cgroupV2, f.filter, f.kernel, f.suidDumpable = true, filter, kernel, suidDumpable
		}
	}
	tests := []struct {
		name  string
		p     *specs.Process
		facts func(f *fastExecFacts)
		want  string // "" or a part of the reason
		join  cgroupJoin
	}{
		{"docker defaults, v1", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.filter = &dockerFilter }, "", joinByThread},
		{"no filter, v2", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.cgroupV2 = true }, "", joinByClone3},
		{"docker's filter refuses clone3 (v2): the trampoline joins", proc(func(*specs.Process) {}), v2(&dockerFilter, "6.1.0-57-amd64", 0), "", joinByDMZ},
		{"a filter refusing only clone3 (v2)", proc(func(*specs.Process) {}), v2(&noClone3, "5.16.0", 2), "", joinByDMZ},
		{"no filter, v2, the cgroup namespace, nsdelegate", proc(func(*specs.Process) {}), func(f *fastExecFacts) {
			f.cgroupV2, f.cgroupNS, f.nsDelegate = true, true, func() bool { return true }
		}, "", joinByDMZ},
		{"no filter, v2, the cgroup namespace, nsdelegate, Linux 5.10", proc(func(*specs.Process) {}), func(f *fastExecFacts) {
			f.cgroupV2, f.cgroupNS, f.nsDelegate, f.kernel = true, true, func() bool { return true }, "5.10.0"
		}, "nsdelegate", 0},
		{"no filter, v2, the cgroup namespace, no nsdelegate", proc(func(*specs.Process) {}), func(f *fastExecFacts) {
			f.cgroupV2, f.cgroupNS = true, true
		}, "", joinByClone3},
		{"no filter, v2, nsdelegate, no cgroup namespace", proc(func(*specs.Process) {}), func(f *fastExecFacts) {
			f.cgroupV2, f.nsDelegate = true, func() bool { return true }
		}, "", joinByClone3},
		{"clone3 refused, Linux 5.15", proc(func(*specs.Process) {}), v2(&dockerFilter, "5.15.0-91-generic", 0), "before 5.16", 0},
		{"clone3 refused, Linux 4.19", proc(func(*specs.Process) {}), v2(&dockerFilter, "4.19.0", 0), "syscall 435", 0},
		{"clone3 refused, unknown kernel", proc(func(*specs.Process) {}), v2(&dockerFilter, "", 0), "before 5.16", 0},
		{"clone3 refused, fs.suid_dumpable=1", proc(func(*specs.Process) {}), v2(&dockerFilter, "6.1.0", 1), "suid_dumpable", 0},
		{"a filter refusing clone too (v2)", proc(func(*specs.Process) {}), v2(&killAll, "6.1.0", 0), "seccomp filter", 0},
		{"a filter refusing close_range", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.filter = &ncr }, "syscall 436", 0},
		{"a filter refusing everything", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.filter = &killAll }, "seccomp filter", 0},
		{"no trampoline", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.haveDMZ = false }, "trampoline", 0},
		{"user namespace", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.userNS = true }, "user namespace", 0},
		{"CAP_SYS_PTRACE", proc(func(p *specs.Process) { p.Capabilities.Ambient = []string{"cap_sys_ptrace"} }), func(*fastExecFacts) {}, "CAP_SYS_PTRACE", 0},
		{"CAP_SYS_PTRACE elsewhere in the pid namespace", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.ptraceReach = "CAP_SYS_PTRACE in the init's capabilities" }, "the init's capabilities", 0},
		{"oom_score_adj as the caller's", proc(func(p *specs.Process) { p.OOMScoreAdj = adj(0) }), func(*fastExecFacts) {}, "", 0},
		{"oom_score_adj of its own", proc(func(p *specs.Process) { p.OOMScoreAdj = adj(500) }), func(*fastExecFacts) {}, "oom_score_adj", 0},
		{"rlimits within the caller's", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 512, Hard: 1024}}
		}), func(*fastExecFacts) {}, "", 0},
		{"a hard limit above the caller's", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 512, Hard: 4096}}
		}), func(*fastExecFacts) {}, "RLIMIT_NOFILE 512:4096", 0},
		{"soft above hard", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_CORE", Soft: 10, Hard: 5}}
		}), func(*fastExecFacts) {}, "RLIMIT_CORE", 0},
		{"an unknown rlimit", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_BOGUS"}}
		}), func(f *fastExecFacts) { f.hardLimit = hardLimit }, "RLIMIT_BOGUS", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			tt.facts(&f)
			join, got := fastExecPlan(tt.p, f)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("blocker %q, want %q", got, tt.want)
			}
			if got == "" && join != tt.join {
				t.Errorf("join %d, want %d", join, tt.join)
			}
		})
	}
}

func TestKernelAtLeast(t *testing.T) {
	for _, tc := range []struct {
		release string
		want    bool
	}{
		{"5.16.0", true}, {"5.15.0-91-generic", false}, {"6.1.0-57-amd64", true}, {"6.18.44-fc-v1272", true},
		{"4.19.0", false}, {"5.9", false}, {"10.0", true}, {"", false}, {"linux", false},
	} {
		if got := kernelAtLeast(tc.release, 5, 16); got != tc.want {
			t.Errorf("kernelAtLeast(%q, 5, 16) = %v, want %v", tc.release, got, tc.want)
		}
	}
}
