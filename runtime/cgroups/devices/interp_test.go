package devices

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"testing"

	"github.com/cilium/ebpf/asm"
)

// run interprets the subset of eBPF that Program emits (32-bit loads from
// the context, 64-bit mov/and/rsh, jeq/jne against constants, exit) on
// ctx, and returns the verdict. Anything else fails the test: the kernel's
// verifier is the judge of the rest (the VM test loads the program).
func run(t *testing.T, prog Insns, ctx [3]uint32) bool {
	t.Helper()
	insns := toAsm(t, prog)
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

// toAsm decodes prog's bytes with cilium/ebpf's asm package, for the
// interpreter and the tests' checks, and names the rules' blocks as the
// asm-built program did: label(k) on the first instruction of the k-th
// rule (the one after the k-th exit; the prologue is 6 instructions),
// and a reference to it on each jump there.
func toAsm(t *testing.T, prog Insns) asm.Instructions {
	t.Helper()
	r := bytes.NewReader(prog.Encode(binary.LittleEndian))
	insns := make(asm.Instructions, len(prog))
	for i := range insns {
		if err := insns[i].Unmarshal(r, binary.LittleEndian, "linux"); err != nil {
			t.Fatalf("decode %d: %v\n%v", i, err, prog)
		}
	}
	names := map[int]string{}
	block, start := 0, 6
	for i, ins := range insns {
		if i == start {
			names[i] = label(block)
			insns[i] = ins.WithSymbol(label(block))
		}
		if ins.OpCode.JumpOp() == asm.Exit {
			block, start = block+1, i+1
		}
	}
	for i, ins := range insns {
		if op := ins.OpCode; op.Class() == asm.JumpClass && op.JumpOp() != asm.Exit {
			name, ok := names[i+1+int(ins.Offset)]
			if !ok {
				t.Fatalf("jump at %d to %d: not a rule's start\n%v", i, i+1+int(ins.Offset), insns)
			}
			insns[i] = ins.WithReference(name)
		}
	}
	return insns
}

func label(block int) string { return "rule" + strconv.Itoa(block) }
