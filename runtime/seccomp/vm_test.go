package seccomp

import (
	"encoding/binary"
	"testing"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

// dockerCaps is Docker's default capability set.
var dockerCaps = testutil.DockerCaps()

// seccompData builds a struct seccomp_data for x/net/bpf's VM. The VM
// loads words big-endian while the kernel loads them native (little)
// endian, so each 32-bit word is stored big-endian at its offset: the VM
// then reads the value the kernel would.
func seccompData(arch, nr uint32, args ...uint64) []byte {
	b := make([]byte, 64)
	binary.BigEndian.PutUint32(b[offNr:], nr)
	binary.BigEndian.PutUint32(b[offArch:], arch)
	for i, a := range args {
		binary.BigEndian.PutUint32(b[argLo(uint(i)):], uint32(a))
		binary.BigEndian.PutUint32(b[argHi(uint(i)):], uint32(a>>32))
	}
	return b
}

// newVM loads p into x/net/bpf's VM, which also checks that every jump
// lands inside the program and that it ends in a return.
func newVM(t testing.TB, p Program) *bpf.VM {
	t.Helper()
	ins := make([]bpf.Instruction, len(p.Filter))
	for i, f := range p.Filter {
		ins[i] = bpf.RawInstruction{Op: f.Code, Jt: f.Jt, Jf: f.Jf, K: f.K}.Disassemble()
	}
	vm, err := bpf.NewVM(ins)
	if err != nil {
		t.Fatalf("program rejected by the VM: %v", err)
	}
	return vm
}

func runVM(t testing.TB, vm *bpf.VM, data []byte) uint32 {
	t.Helper()
	r, err := vm.Run(data)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(r)
}

func errno(e unix.Errno) uint32 { return retErrno | uint32(e) }

func mustNr(t testing.TB, a *archInfo, name string) uint32 {
	t.Helper()
	nr, ok := a.lookup(name)
	if !ok {
		t.Fatalf("%s: no syscall %s", a.name, name)
	}
	return nr
}
