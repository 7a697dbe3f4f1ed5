package devices

import "encoding/binary"

// Insn is one eBPF instruction, struct bpf_insn: an opcode, two 4-bit
// registers, a 16-bit offset (loads, jumps) and a 32-bit immediate.
// Program uses only the few opcodes below; jump offsets are resolved (in
// instructions, from the one after the jump).
type Insn struct {
	Op       uint8
	Dst, Src uint8
	Off      int16
	Imm      int32
}

// Insns is a program; Encode gives the bytes bpf(BPF_PROG_LOAD) takes.
type Insns []Insn

// The opcodes Program emits (linux/bpf_common.h, linux/bpf.h); the
// zero parts (BPF_W, BPF_K) are left out of the sums.
const (
	opLdxMemW = 0x01 | 0x60        // BPF_LDX | BPF_MEM | BPF_W
	opMovImm  = 0x07 | 0xb0        // BPF_ALU64 | BPF_MOV | BPF_K
	opMovReg  = 0x07 | 0xb0 | 0x08 // BPF_ALU64 | BPF_MOV | BPF_X
	opAndImm  = 0x07 | 0x50        // BPF_ALU64 | BPF_AND | BPF_K
	opRshImm  = 0x07 | 0x70        // BPF_ALU64 | BPF_RSH | BPF_K
	opJeqImm  = 0x05 | 0x10        // BPF_JMP | BPF_JEQ | BPF_K
	opJneImm  = 0x05 | 0x50        // BPF_JMP | BPF_JNE | BPF_K
	opExit    = 0x05 | 0x90        // BPF_JMP | BPF_EXIT

	insnSize = 8
)

// Encode returns the instructions as struct bpf_insn in order's byte
// order (the kernel's): the register byte holds dst in its low nibble on a
// little-endian machine and in its high nibble on a big-endian one.
func (p Insns) Encode(order binary.ByteOrder) []byte {
	big := order.Uint16([]byte{0, 1}) == 1
	b := make([]byte, len(p)*insnSize)
	for i, in := range p {
		e := b[i*insnSize:]
		e[0] = in.Op
		if big {
			e[1] = in.Dst<<4 | in.Src&0xf
		} else {
			e[1] = in.Src<<4 | in.Dst&0xf
		}
		order.PutUint16(e[2:], uint16(in.Off))
		order.PutUint32(e[4:], uint32(in.Imm))
	}
	return b
}
