package seccomp

import (
	"fmt"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

func uptr(v uint) *uint { return &v }

func mustCompile(t testing.TB, p *specs.LinuxSeccomp) Program {
	t.Helper()
	prog, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// refCond is the reference meaning of a condition on a 64-bit argument.
func refCond(c specs.LinuxSeccompArg, v uint64) bool {
	switch c.Op {
	case specs.OpEqualTo:
		return v == c.Value
	case specs.OpNotEqual:
		return v != c.Value
	case specs.OpLessThan:
		return v < c.Value
	case specs.OpLessEqual:
		return v <= c.Value
	case specs.OpGreaterThan:
		return v > c.Value
	case specs.OpGreaterEqual:
		return v >= c.Value
	case specs.OpMaskedEqual:
		return v&c.Value == c.ValueTwo
	}
	panic(c.Op)
}

// TestConditions compares every operator, on x86_64 (64-bit arguments, in
// two words) and i386 (32-bit), with the reference over values around the
// word boundaries.
func TestConditions(t *testing.T) {
	edges := []uint64{0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 1 << 32, 1<<32 | 1,
		1<<32 | 0xffffffff, 2 << 32, 0xffffffff00000000, 0x8000000000000000, ^uint64(0) - 1, ^uint64(0)}
	ops := []specs.LinuxSeccompOperator{specs.OpEqualTo, specs.OpNotEqual, specs.OpLessThan, specs.OpLessEqual,
		specs.OpGreaterThan, specs.OpGreaterEqual, specs.OpMaskedEqual}
	for _, op := range ops {
		for _, val := range edges {
			c := specs.LinuxSeccompArg{Index: 3, Value: val, Op: op}
			if op == specs.OpMaskedEqual {
				c.ValueTwo = val & 0xffff0000ffff0001
			}
			prog := mustCompile(t, &specs.LinuxSeccomp{
				DefaultAction: specs.ActErrno,
				Architectures: []specs.Arch{specs.ArchX86_64, specs.ArchX86},
				Syscalls:      []specs.LinuxSyscall{{Names: []string{"getpid"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{c}}},
			})
			vm := newVM(t, prog)
			for _, arg := range edges {
				want := map[bool]uint32{true: retAllow, false: errno(unix.EPERM)}
				args := []uint64{0, 0, 0, arg}
				if got := runVM(t, vm, seccompData(auditArchX86_64, 39, args...)); got != want[refCond(c, arg)] {
					t.Errorf("x86_64: %s %#x on %#x: got %#x", op, val, arg, got)
				}
				// i386: arguments are 32 bits, the value's low word counts.
				c32 := c
				c32.Value, c32.ValueTwo = uint64(uint32(c.Value)), uint64(uint32(c.ValueTwo))
				args[3] = uint64(uint32(arg))
				if got := runVM(t, vm, seccompData(auditArchI386, 20, args...)); got != want[refCond(c32, uint64(uint32(arg)))] {
					t.Errorf("i386: %s %#x on %#x: got %#x", op, val, uint32(arg), got)
				}
			}
		}
	}
}

// TestRules: conditions of one rule are ANDed, rules of one syscall ORed in
// order, errnoRet is per rule, every action maps to its SECCOMP_RET_*.
func TestRules(t *testing.T) {
	p := &specs.LinuxSeccomp{
		DefaultAction:   specs.ActErrno,
		DefaultErrnoRet: uptr(uint(unix.EACCES)),
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{
				{Index: 0, Value: 3, Op: specs.OpEqualTo}, {Index: 2, Value: 100, Op: specs.OpLessThan}}},
			{Names: []string{"read"}, Action: specs.ActErrno, ErrnoRet: uptr(5), Args: []specs.LinuxSeccompArg{
				{Index: 0, Value: 4, Op: specs.OpEqualTo}}},
			{Names: []string{"read"}, Action: specs.ActLog},
			{Names: []string{"write"}, Action: specs.ActKill},
			{Names: []string{"open"}, Action: specs.ActKillProcess},
			{Names: []string{"close"}, Action: specs.ActTrap},
			{Names: []string{"stat"}, Action: specs.ActTrace, ErrnoRet: uptr(7)},
			{Names: []string{"fstat"}, Action: specs.ActKillThread},
			{Names: []string{"lstat", "no_such_syscall", "socketcall"}, Action: specs.ActErrno, ErrnoRet: uptr(0)},
			{Names: []string{"poll"}, Action: specs.ActErrno},                                     // errno defaults to EPERM
			{Names: []string{"lseek"}, Action: specs.ActErrno, ErrnoRet: uptr(uint(unix.EACCES))}, // = default: dropped
		},
	}
	vm := newVM(t, mustCompile(t, p))
	for _, tc := range []struct {
		name string
		args []uint64
		want uint32
	}{
		{"read", []uint64{3, 0, 99}, retAllow},
		{"read", []uint64{3, 0, 100}, retLog},
		{"read", []uint64{4, 0, 1000}, retErrno | 5},
		{"read", []uint64{5}, retLog},
		{"write", nil, retKillThread},
		{"open", nil, retKillProcess},
		{"close", nil, retTrap},
		{"stat", nil, retTrace | 7},
		{"fstat", nil, retKillThread},
		{"lstat", nil, retErrno},
		{"poll", nil, errno(unix.EPERM)},
		{"lseek", nil, errno(unix.EACCES)},
		{"getpid", nil, errno(unix.EACCES)},
	} {
		if got := runVM(t, vm, seccompData(auditArchX86_64, mustNr(t, archX86_64, tc.name), tc.args...)); got != tc.want {
			t.Errorf("%s(%v) = %#x, want %#x", tc.name, tc.args, got, tc.want)
		}
	}
	// Only the native arch was asked for: i386 and x32 are bad arches.
	if got := runVM(t, vm, seccompData(auditArchI386, 20)); got != badArchAction {
		t.Errorf("i386 on an x86_64-only filter: %#x", got)
	}
	if got := runVM(t, vm, seccompData(auditArchX86_64, x32SyscallBit|39)); got != badArchAction {
		t.Errorf("x32 on an x86_64-only filter: %#x", got)
	}
}

// TestConflictingRules: two unconditional rules for one syscall (podman's
// profile has setns in its allow list and in an EPERM rule for containers
// without CAP_SYS_ADMIN) give the action the kernel ranks first; of two
// errnos, the first rule's.
func TestConflictingRules(t *testing.T) {
	p := &specs.LinuxSeccomp{
		DefaultAction:   specs.ActErrno,
		DefaultErrnoRet: uptr(uint(unix.ENOSYS)),
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"setns", "read", "write", "close"}, Action: specs.ActAllow},
			{Names: []string{"setns"}, Action: specs.ActErrno, ErrnoRet: uptr(uint(unix.EPERM))},
			{Names: []string{"setns"}, Action: specs.ActErrno, ErrnoRet: uptr(uint(unix.EACCES))},
			{Names: []string{"read"}, Action: specs.ActLog},
			{Names: []string{"write"}, Action: specs.ActKillProcess},
			{Names: []string{"write"}, Action: specs.ActTrap},
			{Names: []string{"close"}, Action: specs.ActAllow},
		},
	}
	vm := newVM(t, mustCompile(t, p))
	for _, tc := range []struct {
		name string
		want uint32
	}{
		{"setns", errno(unix.EPERM)},
		{"read", retLog},
		{"write", retKillProcess},
		{"close", retAllow},
	} {
		if got := runVM(t, vm, seccompData(auditArchX86_64, mustNr(t, archX86_64, tc.name))); got != tc.want {
			t.Errorf("%s = %#x, want %#x", tc.name, got, tc.want)
		}
	}
}

// TestLongJumps: a rule body longer than 255 instructions makes the tree's
// jumps over it go through trampolines; the VM checks every target.
func TestLongJumps(t *testing.T) {
	var args []specs.LinuxSeccompArg
	for i := range 5 {
		for v := range 30 {
			args = append(args, specs.LinuxSeccompArg{Index: uint(i), Value: uint64(v) << 31, Op: specs.OpNotEqual})
		}
	}
	var rules []specs.LinuxSyscall
	for _, n := range []string{"read", "write", "open"} {
		rules = append(rules, specs.LinuxSyscall{Names: []string{n}, Action: specs.ActAllow, Args: args})
	}
	rules = append(rules, specs.LinuxSyscall{Names: []string{"getpid", "exit_group"}, Action: specs.ActAllow})
	prog := mustCompile(t, &specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: rules})
	ja := 0
	for _, f := range prog.Filter {
		if f.Code == unix.BPF_JMP|unix.BPF_JA {
			ja++
		}
	}
	if ja == 0 || len(prog.Filter) < 3*len(args) {
		t.Fatalf("want trampolines in a %d-instruction program, got %d", len(prog.Filter), ja)
	}
	vm := newVM(t, prog)
	for _, tc := range []struct {
		name string
		args []uint64
		want uint32
	}{
		{"getpid", nil, retAllow},
		{"exit_group", nil, retAllow},
		{"read", []uint64{1, 1, 1, 1, 1}, retAllow},
		{"open", []uint64{1, 1, 1, 1, 29 << 31}, errno(unix.EPERM)},
		{"write", []uint64{0}, errno(unix.EPERM)},
		{"close", nil, errno(unix.EPERM)},
	} {
		if got := runVM(t, vm, seccompData(auditArchX86_64, mustNr(t, archX86_64, tc.name), tc.args...)); got != tc.want {
			t.Errorf("%s(%v) = %#x, want %#x", tc.name, tc.args, got, tc.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	big := make([]specs.LinuxSeccompArg, 0, 1200)
	for v := range 1200 {
		big = append(big, specs.LinuxSeccompArg{Index: 0, Value: uint64(v) << 32, Op: specs.OpNotEqual})
	}
	for i, tc := range []struct {
		p    specs.LinuxSeccomp
		want string
	}{
		{specs.LinuxSeccomp{}, "defaultAction: missing"},
		{specs.LinuxSeccomp{DefaultAction: "SCMP_ACT_NOPE"}, `defaultAction: unknown action "SCMP_ACT_NOPE"`},
		{specs.LinuxSeccomp{DefaultAction: specs.ActNotify}, "defaultAction: SCMP_ACT_NOTIFY is not supported"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActAllow, DefaultErrnoRet: uptr(1)}, "defaultAction: errnoRet is only valid"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActErrno, DefaultErrnoRet: uptr(1 << 16)}, "does not fit in 16 bits"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Architectures: []specs.Arch{"SCMP_ARCH_Z80"}}, "architectures[0]"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Flags: []specs.LinuxSeccompFlag{"SECCOMP_FILTER_FLAG_NOPE"}}, "flags[0]"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActErrno, ListenerPath: "/run/agent.sock"}, "listenerPath"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read"}, Action: specs.ActAllow},
			{Names: []string{"read"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{{Index: 6, Op: specs.OpEqualTo}}}}},
			"syscalls[1].args[0].index"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{{Index: 0}}}}},
			"syscalls[0].args[0].op: missing"},
		{specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read"}, Action: specs.ActAllow, Args: big}}}, "the kernel takes at most 4096"},
	} {
		_, err := Compile(&tc.p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("case %d: got %v, want %q", i, err, tc.want)
		}
	}
}

func TestProgramRoundTrip(t *testing.T) {
	p, err := DefaultProfile(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	prog := mustCompile(t, p)
	prog.Flags = unix.SECCOMP_FILTER_FLAG_SPEC_ALLOW
	b, err := prog.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Program
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back) != fmt.Sprint(prog) {
		t.Fatal("round trip changed the program")
	}
	for _, bad := range [][]byte{nil, b[:11], b[:len(b)-1], append([]byte("XXXX"), b[4:]...)} {
		if err := back.UnmarshalBinary(bad); err == nil {
			t.Errorf("%d bytes: no error", len(bad))
		}
	}
}
