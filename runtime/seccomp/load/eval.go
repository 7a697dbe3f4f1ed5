package load

import "golang.org/x/sys/unix"

// Data is the kernel's struct seccomp_data: what a filter sees of a syscall.
type Data struct {
	Nr   uint32
	Arch uint32
	IP   uint64
	Args [6]uint64
}

// word is the 32-bit word at offset off of d, as the kernel loads it
// (native, little-endian halves of the 64-bit fields); ok is false past
// the struct or off a word boundary.
func (d *Data) word(off uint32) (uint32, bool) {
	switch {
	case off == 0:
		return d.Nr, true
	case off == 4:
		return d.Arch, true
	case off == 8 || off == 12:
		return uint32(d.IP >> (8 * (off - 8))), true
	case off >= 16 && off < 64 && off%4 == 0:
		a := d.Args[(off-16)/8]
		if off%8 != 0 {
			a >>= 32
		}
		return uint32(a), true
	}
	return 0, false
}

// Eval runs p on d as the kernel would and returns the action word
// (SECCOMP_RET_*|data). It knows the classic BPF a seccomp filter uses:
// loads of seccomp_data words, the scratch memory, ALU and jumps on
// constants and X; ok is false for anything else (an instruction it does
// not know, a jump or load out of bounds): the caller then must not
// assume the syscall passes.
func (p Program) Eval(d Data) (ret uint32, ok bool) {
	var a, x uint32
	var mem [16]uint32
	for pc := 0; pc < len(p.Filter); pc++ {
		in := p.Filter[pc]
		k := in.K
		switch in.Code {
		case unix.BPF_LD | unix.BPF_W | unix.BPF_ABS:
			if a, ok = d.word(k); !ok {
				return 0, false
			}
		case unix.BPF_LD | unix.BPF_W | unix.BPF_LEN:
			a = 64
		case unix.BPF_LD | unix.BPF_IMM:
			a = k
		case unix.BPF_LDX | unix.BPF_IMM:
			x = k
		case unix.BPF_LD | unix.BPF_MEM, unix.BPF_LDX | unix.BPF_MEM, unix.BPF_ST, unix.BPF_STX:
			if k >= 16 {
				return 0, false
			}
			a, x = memOp(in.Code, &mem[k], a, x)
		case unix.BPF_MISC | unix.BPF_TAX:
			x = a
		case unix.BPF_MISC | unix.BPF_TXA:
			a = x
		case unix.BPF_RET | unix.BPF_K:
			return k, true
		case unix.BPF_RET | unix.BPF_A:
			return a, true
		case unix.BPF_JMP | unix.BPF_JA:
			pc += int(k)
		default:
			if in.Code&0x07 == unix.BPF_ALU {
				if a, ok = alu(in.Code, a, operand(in.Code, k, x)); !ok {
					return 0, false
				}
				continue
			}
			t, known := jump(in.Code, a, operand(in.Code, k, x))
			if !known {
				return 0, false
			}
			if t {
				pc += int(in.Jt)
			} else {
				pc += int(in.Jf)
			}
		}
	}
	return 0, false // fell off the end: the kernel refuses such a program
}

func operand(code uint16, k, x uint32) uint32 {
	if code&unix.BPF_X != 0 {
		return x
	}
	return k
}

func memOp(code uint16, m *uint32, a, x uint32) (uint32, uint32) {
	switch code {
	case unix.BPF_LD | unix.BPF_MEM:
		a = *m
	case unix.BPF_LDX | unix.BPF_MEM:
		x = *m
	case unix.BPF_ST:
		*m = a
	case unix.BPF_STX:
		*m = x
	}
	return a, x
}

func alu(code uint16, a, v uint32) (uint32, bool) {
	switch code &^ unix.BPF_X {
	case unix.BPF_ALU | unix.BPF_ADD:
		return a + v, true
	case unix.BPF_ALU | unix.BPF_SUB:
		return a - v, true
	case unix.BPF_ALU | unix.BPF_MUL:
		return a * v, true
	case unix.BPF_ALU | unix.BPF_AND:
		return a & v, true
	case unix.BPF_ALU | unix.BPF_OR:
		return a | v, true
	case unix.BPF_ALU | unix.BPF_XOR:
		return a ^ v, true
	case unix.BPF_ALU | unix.BPF_LSH:
		return a << (v & 31), true
	case unix.BPF_ALU | unix.BPF_RSH:
		return a >> (v & 31), true
	case unix.BPF_ALU | unix.BPF_NEG:
		return -a, true
	}
	return 0, false
}

func jump(code uint16, a, v uint32) (taken, ok bool) {
	switch code &^ unix.BPF_X {
	case unix.BPF_JMP | unix.BPF_JEQ:
		return a == v, true
	case unix.BPF_JMP | unix.BPF_JGT:
		return a > v, true
	case unix.BPF_JMP | unix.BPF_JGE:
		return a >= v, true
	case unix.BPF_JMP | unix.BPF_JSET:
		return a&v != 0, true
	}
	return false, false
}
