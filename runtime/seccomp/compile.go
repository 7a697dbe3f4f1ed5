package seccomp

import (
	"errors"
	"fmt"
	"runtime"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// Program is a compiled filter, ready for load.Install.
type Program = load.Program

// rule is one conditional rule of a syscall, its conditions ANDed.
type rule struct {
	args []specs.LinuxSeccompArg
	ret  uint32
}

// sysRules is everything the filter does for one syscall number on an arch.
type sysRules struct {
	nr        uint32
	rules     []rule // tried in profile order
	uncond    uint32 // action when no rule matched, if hasUncond
	hasUncond bool   // else the default action
	used      bool
}

// Compile turns an OCI seccomp profile into a classic BPF program for the
// x86 arches it lists (x86_64, x86, x32; the native arch is always
// included, others are skipped). Syscall names an arch does not have are
// skipped, as libseccomp does; rules whose action is the default action
// are dropped. The arch is checked first: a syscall from an arch not in
// the filter kills the thread (libseccomp's default).
func Compile(p *specs.LinuxSeccomp) (Program, error) {
	if p == nil {
		return Program{}, errors.New("compile seccomp profile: no profile")
	}
	prog, err := compile(p)
	if err != nil {
		return Program{}, fmt.Errorf("compile seccomp profile: %w", err)
	}
	return prog, nil
}

func compile(p *specs.LinuxSeccomp) (Program, error) {
	if err := checkSeccomp(p); err != nil {
		return Program{}, err
	}
	var flags uint32
	for _, f := range p.Flags {
		v, _ := flagValue("", f)
		flags |= v
	}
	def, _ := actionValue(p.DefaultAction, p.DefaultErrnoRet)
	for i, s := range p.Syscalls {
		if err := checkRule(i, s); err != nil {
			return Program{}, err
		}
	}
	native := nativeArch()
	if native == nil {
		return Program{}, fmt.Errorf("arch %s not supported", runtime.GOARCH)
	}
	want := map[*archInfo]bool{native: true}
	for _, a := range p.Architectures {
		if ai := archByName(a); ai != nil {
			want[ai] = true
		}
	}
	tables := map[*archInfo][]sysRules{}
	for ai := range want {
		t, err := resolve(p, ai, def)
		if err != nil {
			return Program{}, err
		}
		tables[ai] = t
	}

	var a asm
	a.ld(offArch)
	x86_64, x32 := want[archX86_64], want[archX32]
	l64, l386 := a.newLabel(), a.newLabel()
	if x86_64 || x32 {
		a.jmp(unix.BPF_JEQ, auditArchX86_64, l64, next)
	}
	if want[archX86] {
		a.jmp(unix.BPF_JEQ, auditArchI386, l386, next)
	}
	a.ret(badArchAction)
	if x86_64 || x32 {
		// x86_64 and x32 share AUDIT_ARCH_X86_64; x32 numbers carry the bit.
		a.bind(l64)
		a.ld(offNr)
		lx32 := a.newLabel()
		if x86_64 {
			a.jmp(unix.BPF_JGE, x32SyscallBit, lx32, next)
			a.dispatch(tables[archX86_64], archX86_64, def)
		} else {
			a.jmp(unix.BPF_JGE, x32SyscallBit, lx32, next)
			a.ret(badArchAction)
		}
		a.bind(lx32)
		if x32 {
			a.dispatch(tables[archX32], archX32, def)
		} else {
			a.ret(badArchAction)
		}
	}
	if want[archX86] {
		a.bind(l386)
		a.ld(offNr)
		a.dispatch(tables[archX86], archX86, def)
	}
	f, err := a.assemble()
	if err != nil {
		return Program{}, err
	}
	return Program{Filter: f, Flags: flags}, nil
}

// resolve groups the profile's rules by syscall number on ai, sorted.
func resolve(p *specs.LinuxSeccomp, ai *archInfo, def uint32) ([]sysRules, error) {
	byNr := make([]sysRules, ai.index().maxNr+1) // indexed by number without nrBase
	for _, s := range p.Syscalls {
		ret, _ := actionValue(s.Action, s.ErrnoRet)
		if ret == def {
			continue // libseccomp refuses these; runc drops them
		}
		for _, name := range s.Names {
			nr, ok := ai.lookup(name)
			if !ok {
				continue
			}
			sr := &byNr[nr-ai.nrBase]
			if !sr.used {
				*sr = sysRules{nr: nr, used: true}
			}
			if len(s.Args) > 0 {
				sr.rules = append(sr.rules, rule{args: s.Args, ret: ret})
				continue
			}
			if sr.hasUncond && !stricter(ret, sr.uncond) {
				continue
			}
			sr.uncond, sr.hasUncond = ret, true
		}
	}
	out := byNr[:0]
	for _, sr := range byNr {
		if sr.used {
			out = append(out, sr)
		}
	}
	return out, nil
}

// stricter reports whether action a takes precedence over b when two
// unconditional rules name one syscall (podman's profile allows setns and,
// without CAP_SYS_ADMIN, denies it too): the one the kernel would return
// were each rule a filter of its own, so the spec's strictest answer holds.
// The kernel's order is by the action bits as a signed number, lowest
// first: KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, USER_NOTIF, TRACE, LOG,
// ALLOW. Of two equal actions (errnos) the first rule stays.
func stricter(a, b uint32) bool {
	return int32(a&unix.SECCOMP_RET_ACTION_FULL) < int32(b&unix.SECCOMP_RET_ACTION_FULL)
}

// segment is a run of syscall numbers from start up to the next segment's
// start that all end the same way: one return value, or the rules of one
// syscall (rules != nil).
type segment struct {
	start uint32
	ret   uint32
	rules *sysRules
}

// segments cuts the number space into runs: consecutive numbers with the
// same unconditional action (most of Docker's allow list) and the gaps
// (the default action) become one segment each.
func segments(t []sysRules, def uint32) []segment {
	segs := []segment{{start: 0, ret: def}}
	add := func(s segment) {
		if segs[len(segs)-1].start == s.start {
			segs = segs[:len(segs)-1] // s starts where the default gap did
		}
		if n := len(segs); n > 0 && s.rules == nil && segs[n-1].rules == nil && segs[n-1].ret == s.ret {
			return // extends the previous run
		}
		segs = append(segs, s)
	}
	for i := range t {
		sr := &t[i]
		if len(sr.rules) > 0 {
			add(segment{start: sr.nr, rules: sr})
		} else {
			add(segment{start: sr.nr, ret: sr.uncond})
		}
		if sr.nr != ^uint32(0) {
			add(segment{start: sr.nr + 1, ret: def})
		}
	}
	return segs
}

// dispatch emits a binary search over the segments of t (A holds
// seccomp_data.nr); each leaf returns or runs one syscall's rules.
func (a *asm) dispatch(t []sysRules, ai *archInfo, def uint32) {
	a.search(segments(t, def), ai, def)
}

func (a *asm) search(segs []segment, ai *archInfo, def uint32) {
	if len(segs) == 1 {
		a.body(segs[0], ai, def)
		return
	}
	mid := len(segs) / 2
	right := a.newLabel()
	a.jmp(unix.BPF_JGE, segs[mid].start, right, next)
	a.search(segs[:mid], ai, def)
	a.bind(right)
	a.search(segs[mid:], ai, def)
}

// body ends one segment: a return, or the syscall's rules in profile
// order, each a run of ANDed conditions, then its unconditional action or
// the default one.
func (a *asm) body(s segment, ai *archInfo, def uint32) {
	if s.rules == nil {
		a.ret(s.ret)
		return
	}
	for _, r := range s.rules.rules {
		fail := a.newLabel()
		for _, c := range r.args {
			a.cond(c, ai.bits32, fail)
		}
		a.ret(r.ret)
		a.bind(fail)
	}
	if s.rules.hasUncond {
		a.ret(s.rules.uncond)
	} else {
		a.ret(def)
	}
}
