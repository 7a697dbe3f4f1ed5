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

// TestFastExecBlocker: when exec must take stage-2, and why.
func TestFastExecBlocker(t *testing.T) {
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
		return fastExecFacts{haveDMZ: true, arch: auditArchNative,
			hardLimit: func(string) (uint64, bool) { return 1024, true }}
	}
	proc := func(mod func(p *specs.Process)) *specs.Process {
		p := testSpec("true").Process
		mod(p)
		return p
	}
	adj := func(n int) *int { return &n }
	tests := []struct {
		name  string
		p     *specs.Process
		facts func(f *fastExecFacts)
		want  string // "" or a part of the reason
	}{
		{"docker defaults, v1", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.filter = &dockerFilter }, ""},
		{"no filter, v2", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.cgroupV2 = true }, ""},
		{"docker's filter refuses clone3 (v2)", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.filter, f.cgroupV2 = &dockerFilter, true }, "syscall 435"},
		{"a filter refusing close_range", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.filter = &ncr }, "syscall 436"},
		{"a filter refusing everything", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.filter = &killAll }, "seccomp filter"},
		{"no trampoline", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.haveDMZ = false }, "trampoline"},
		{"user namespace", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.userNS = true }, "user namespace"},
		{"CAP_SYS_PTRACE", proc(func(p *specs.Process) { p.Capabilities.Ambient = []string{"cap_sys_ptrace"} }), func(*fastExecFacts) {}, "CAP_SYS_PTRACE"},
		{"CAP_SYS_PTRACE elsewhere in the pid namespace", proc(func(*specs.Process) {}), func(f *fastExecFacts) { f.ptraceReach = "CAP_SYS_PTRACE in the init's capabilities" }, "the init's capabilities"},
		{"oom_score_adj as the caller's", proc(func(p *specs.Process) { p.OOMScoreAdj = adj(0) }), func(*fastExecFacts) {}, ""},
		{"oom_score_adj of its own", proc(func(p *specs.Process) { p.OOMScoreAdj = adj(500) }), func(*fastExecFacts) {}, "oom_score_adj"},
		{"rlimits within the caller's", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 512, Hard: 1024}}
		}), func(*fastExecFacts) {}, ""},
		{"a hard limit above the caller's", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 512, Hard: 4096}}
		}), func(*fastExecFacts) {}, "RLIMIT_NOFILE 512:4096"},
		{"soft above hard", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_CORE", Soft: 10, Hard: 5}}
		}), func(*fastExecFacts) {}, "RLIMIT_CORE"},
		{"an unknown rlimit", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_BOGUS"}}
		}), func(f *fastExecFacts) { f.hardLimit = hardLimit }, "RLIMIT_BOGUS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			tt.facts(&f)
			got := fastExecBlocker(tt.p, f)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("blocker %q, want %q", got, tt.want)
			}
		})
	}
}
