package devices

import (
	"testing"

	"github.com/cilium/ebpf/asm"
)

// run interprets the subset of eBPF that Program emits (32-bit loads from
// the context, 64-bit mov/and/rsh, jeq/jne against constants, exit) on
// ctx, and returns the verdict. Anything else fails the test: the kernel's
// verifier is the judge of the rest (the VM test loads the program).
func run(t *testing.T, insns asm.Instructions, ctx [3]uint32) bool {
	t.Helper()
	at := map[string]int{}
	for i, ins := range insns {
		if s := ins.Symbol(); s != "" {
			at[s] = i
		}
	}
	var reg [11]uint64
	for pc, steps := 0, 0; pc < len(insns); steps++ {
		if steps > len(insns) {
			t.Fatalf("loop at %d", pc)
		}
		ins := insns[pc]
		op := ins.OpCode
		pc++
		switch op.Class() {
		case asm.LdXClass:
			if op.Mode() != asm.MemMode || op.Size() != asm.Word || ins.Src != asm.R1 || ins.Offset%4 != 0 || ins.Offset > 8 {
				t.Fatalf("unexpected load %v", ins)
			}
			reg[ins.Dst] = uint64(ctx[ins.Offset/4])
		case asm.ALU64Class:
			v := uint64(ins.Constant)
			if op.Source() == asm.RegSource {
				v = reg[ins.Src]
			}
			switch op.ALUOp() {
			case asm.Mov:
				reg[ins.Dst] = v
			case asm.And:
				reg[ins.Dst] &= v
			case asm.RSh:
				reg[ins.Dst] >>= v
			default:
				t.Fatalf("unexpected alu %v", ins)
			}
		case asm.JumpClass:
			switch op.JumpOp() {
			case asm.Exit:
				return reg[asm.R0] != 0
			case asm.JEq, asm.JNE:
				if op.Source() != asm.ImmSource {
					t.Fatalf("unexpected jump %v", ins)
				}
				target, ok := at[ins.Reference()]
				if !ok || target < pc {
					t.Fatalf("jump to %q: not a later label", ins.Reference())
				}
				if (reg[ins.Dst] == uint64(ins.Constant)) == (op.JumpOp() == asm.JEq) {
					pc = target
				}
			default:
				t.Fatalf("unexpected jump %v", ins)
			}
		default:
			t.Fatalf("unexpected instruction %v", ins)
		}
	}
	t.Fatal("ran off the end")
	return false
}
