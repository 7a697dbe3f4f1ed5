package seccomp

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// label names a position in the program; next is the instruction that
// follows (a conditional jump's fall-through).
type label int

const next label = -1

// insn is one classic BPF instruction whose jump targets are labels.
type insn struct {
	code   uint16
	k      uint32
	jt, jf label // conditional jumps
}

// asm collects instructions with symbolic forward jumps. assemble resolves
// them; a conditional jump farther than 255 instructions goes through a
// BPF_JA trampoline placed right after it.
type asm struct {
	ins    []insn
	labels []int // label → index in ins
}

func (a *asm) newLabel() label {
	a.labels = append(a.labels, -1)
	return label(len(a.labels) - 1)
}

func (a *asm) bind(l label) { a.labels[l] = len(a.ins) }

func (a *asm) ld(off uint32) {
	a.ins = append(a.ins, insn{code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, k: off, jt: next, jf: next})
}

func (a *asm) and(k uint32) {
	a.ins = append(a.ins, insn{code: unix.BPF_ALU | unix.BPF_AND | unix.BPF_K, k: k, jt: next, jf: next})
}

func (a *asm) ret(k uint32) {
	a.ins = append(a.ins, insn{code: unix.BPF_RET | unix.BPF_K, k: k, jt: next, jf: next})
}

// jmp adds "if A <op> k goto t else goto f"; op is BPF_JEQ, BPF_JGT,
// BPF_JGE or BPF_JSET.
func (a *asm) jmp(op uint16, k uint32, t, f label) {
	a.ins = append(a.ins, insn{code: unix.BPF_JMP | op | unix.BPF_K, k: k, jt: t, jf: f})
}

func isCond(code uint16) bool {
	return code&0x07 == unix.BPF_JMP && code&0xf0 != unix.BPF_JA
}

// assemble lays the program out, adding trampolines until every
// conditional jump fits in 8 bits, and returns the kernel's form.
func (a *asm) assemble() ([]unix.SockFilter, error) {
	for i, in := range a.ins {
		for _, l := range [2]label{in.jt, in.jf} {
			if l != next && (a.labels[l] <= i || a.labels[l] >= len(a.ins)) {
				return nil, fmt.Errorf("seccomp compiler: jump at %d to label %d at %d", i, l, a.labels[l])
			}
		}
	}
	// tramp[i][0|1]: jt|jf of instruction i goes through a trampoline.
	tramp := make([][2]bool, len(a.ins))
	pos := make([]int, len(a.ins)+1)
	layout := func() {
		p := 0
		for i := range a.ins {
			pos[i] = p
			p++
			for _, t := range tramp[i] {
				if t {
					p++
				}
			}
		}
		pos[len(a.ins)] = p
	}
	// target returns where branch b of instruction i lands directly.
	target := func(i int, l label) int {
		if l == next {
			return pos[i+1]
		}
		return pos[a.labels[l]]
	}
	for changed := true; changed; {
		changed = false
		layout()
		for i, in := range a.ins {
			if !isCond(in.code) {
				continue
			}
			for b, l := range [2]label{in.jt, in.jf} {
				if !tramp[i][b] && target(i, l)-(pos[i]+1) > 255 {
					tramp[i][b] = true
					changed = true
				}
			}
		}
	}
	if pos[len(a.ins)] > 4096 {
		return nil, fmt.Errorf("seccomp program has %d instructions, the kernel takes at most 4096", pos[len(a.ins)])
	}
	out := make([]unix.SockFilter, 0, pos[len(a.ins)])
	for i, in := range a.ins {
		f := unix.SockFilter{Code: in.code, K: in.k}
		if isCond(in.code) {
			var trampTo []label
			for b, l := range [2]label{in.jt, in.jf} {
				off := target(i, l) - (pos[i] + 1)
				if tramp[i][b] {
					off = len(trampTo)
					trampTo = append(trampTo, l)
				}
				if off < 0 || off > 255 {
					return nil, fmt.Errorf("seccomp compiler: jump at %d out of range (%d)", i, off)
				}
				if b == 0 {
					f.Jt = uint8(off)
				} else {
					f.Jf = uint8(off)
				}
			}
			out = append(out, f)
			for j, l := range trampTo {
				at := pos[i] + 1 + j
				out = append(out, unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JA, K: uint32(target(i, l) - (at + 1))})
			}
			continue
		}
		out = append(out, f)
	}
	return out, nil
}
