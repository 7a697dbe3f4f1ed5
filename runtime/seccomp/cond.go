package seccomp

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// Offsets in struct seccomp_data (little-endian x86): nr, arch, then the
// instruction pointer and six 64-bit arguments.
const (
	offNr   = 0
	offArch = 4
	offArgs = 16
)

func argLo(i uint) uint32 { return offArgs + 8*uint32(i) }
func argHi(i uint) uint32 { return argLo(i) + 4 }

// cond emits one argument comparison: it falls through when the condition
// holds and jumps to fail when it does not. A 64-bit argument is compared
// as two 32-bit words, high word first; on a 32-bit arch (bits32) only the
// low word exists, as libseccomp does.
//
// For SCMP_CMP_MASKED_EQ, Value is the mask and ValueTwo the wanted value:
// (arg & Value) == ValueTwo.
func (a *asm) cond(c specs.LinuxSeccompArg, bits32 bool, fail label) {
	vHi, vLo := uint32(c.Value>>32), uint32(c.Value)
	if c.Op == specs.OpMaskedEqual {
		wHi, wLo := uint32(c.ValueTwo>>32), uint32(c.ValueTwo)
		if !bits32 {
			a.ld(argHi(c.Index))
			a.and(vHi)
			a.jmp(unix.BPF_JEQ, wHi, next, fail)
		}
		a.ld(argLo(c.Index))
		a.and(vLo)
		a.jmp(unix.BPF_JEQ, wLo, next, fail)
		return
	}
	if bits32 {
		a.ld(argLo(c.Index))
		switch c.Op {
		case specs.OpEqualTo:
			a.jmp(unix.BPF_JEQ, vLo, next, fail)
		case specs.OpNotEqual:
			a.jmp(unix.BPF_JEQ, vLo, fail, next)
		case specs.OpGreaterThan:
			a.jmp(unix.BPF_JGT, vLo, next, fail)
		case specs.OpGreaterEqual:
			a.jmp(unix.BPF_JGE, vLo, next, fail)
		case specs.OpLessThan:
			a.jmp(unix.BPF_JGE, vLo, fail, next)
		case specs.OpLessEqual:
			a.jmp(unix.BPF_JGT, vLo, fail, next)
		}
		return
	}
	ok := a.newLabel()
	lo := a.newLabel()
	a.ld(argHi(c.Index))
	switch c.Op {
	case specs.OpEqualTo: // hi == vHi && lo == vLo
		a.jmp(unix.BPF_JEQ, vHi, lo, fail)
		a.bind(lo)
		a.ld(argLo(c.Index))
		a.jmp(unix.BPF_JEQ, vLo, ok, fail)
	case specs.OpNotEqual: // hi != vHi || lo != vLo
		a.jmp(unix.BPF_JEQ, vHi, lo, ok)
		a.bind(lo)
		a.ld(argLo(c.Index))
		a.jmp(unix.BPF_JEQ, vLo, fail, ok)
	case specs.OpGreaterThan, specs.OpGreaterEqual: // hi > vHi || (hi == vHi && lo >(=) vLo)
		a.jmp(unix.BPF_JGT, vHi, ok, next)
		a.jmp(unix.BPF_JEQ, vHi, lo, fail)
		a.bind(lo)
		a.ld(argLo(c.Index))
		op := uint16(unix.BPF_JGT)
		if c.Op == specs.OpGreaterEqual {
			op = unix.BPF_JGE
		}
		a.jmp(op, vLo, ok, fail)
	case specs.OpLessThan, specs.OpLessEqual: // hi < vHi || (hi == vHi && lo <(=) vLo)
		a.jmp(unix.BPF_JGT, vHi, fail, next)
		a.jmp(unix.BPF_JEQ, vHi, lo, ok)
		a.bind(lo)
		a.ld(argLo(c.Index))
		op := uint16(unix.BPF_JGE) // lo < vLo ⇔ !(lo >= vLo)
		if c.Op == specs.OpLessEqual {
			op = unix.BPF_JGT
		}
		a.jmp(op, vLo, fail, ok)
	}
	a.bind(ok)
}
