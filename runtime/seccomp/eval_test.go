package seccomp

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// TestEvalMatchesVM: load.Program.Eval (the runtime's check of a filter
// against the syscalls of its exec fast path) returns what x/net/bpf's VM
// returns, for Docker's default profile, every syscall of three arches,
// with argument patterns that hit and miss the argument rules.
func TestEvalMatchesVM(t *testing.T) {
	p, err := DefaultProfile(dockerCaps)
	if err != nil {
		t.Fatal(err)
	}
	prog := mustCompile(t, p)
	vm := newVM(t, prog)
	lp := load.Program{Filter: prog.Filter}
	argSets := [][]uint64{nil, {0x4111}, {0x7e020000}, {1 << 40, 8}, {0xffffffff, 0xffffffff}, {47, 2, 12}}
	for _, a := range []*archInfo{archX86_64, archX86, archX32} {
		for _, s := range a.table {
			for _, args := range argSets {
				d := load.Data{Nr: s.nr + a.nrBase, Arch: a.audit}
				copy(d.Args[:], args)
				got, ok := lp.Eval(d)
				want := runVM(t, vm, seccompData(d.Arch, d.Nr, args...))
				if !ok || got != want {
					t.Fatalf("%s %s args %x: Eval %#x (ok %v), VM %#x", a.name, s.name, args, got, ok, want)
				}
			}
		}
	}
}

func TestEvalRefusesUnknown(t *testing.T) {
	for name, p := range map[string]load.Program{
		"empty":        {},
		"load past":    {Filter: []unix.SockFilter{{Code: 0x20, K: 64}, {Code: 0x06, K: 0}}},
		"unknown code": {Filter: []unix.SockFilter{{Code: 0xff}, {Code: 0x06, K: 0}}},
	} {
		if r, ok := p.Eval(load.Data{}); ok {
			t.Errorf("%s: Eval = %#x, ok; want not ok", name, r)
		}
	}
}
