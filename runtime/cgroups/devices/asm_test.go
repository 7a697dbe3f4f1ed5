package devices

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand"
	"testing"

	"github.com/cilium/ebpf/asm"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// asmProgram is Program as written with cilium/ebpf's asm package before
// the package encoded its instructions itself: the reference its bytes are
// compared with.
func asmProgram(rules []specs.LinuxDeviceCgroup) (asm.Instructions, error) {
	rs := make([]rule, len(rules))
	for i, d := range rules {
		r, err := decode(d)
		if err != nil {
			return nil, fmt.Errorf("device rule %d: %w", i, err)
		}
		rs[i] = r
	}
	insns := asm.Instructions{
		asm.LoadMem(asm.R2, asm.R1, ctxAccessType, asm.Word),
		asm.Mov.Reg(asm.R3, asm.R2),
		asm.And.Imm(asm.R2, 0xffff),
		asm.RSh.Imm(asm.R3, 16),
		asm.LoadMem(asm.R4, asm.R1, ctxMajor, asm.Word),
		asm.LoadMem(asm.R5, asm.R1, ctxMinor, asm.Word),
	}
	block := 0
	for i := len(rs) - 1; i >= 0; i-- {
		insns = append(insns, asmCheck(rs[i], label(block), label(block+1))...)
		block++
		if rs[i].matchesAll() {
			return insns, nil
		}
	}
	// No rule matched: allowed, as in a v1 cgroup without a "deny all".
	return append(insns, asmVerdict(true, label(block))...), nil
}

// asmCheck tests one rule: any condition that fails jumps to next; when all
// hold, the rule's verdict is returned. The first instruction is named self.
func asmCheck(r rule, self, next string) asm.Instructions {
	var insns asm.Instructions
	if r.typ != 0 {
		insns = append(insns, asm.JNE.Imm(asm.R2, r.typ, next))
	}
	if r.access != accAll {
		if r.allow { // every access asked for is granted: asked &^ granted == 0
			insns = append(insns, asm.Mov.Reg(asm.R6, asm.R3),
				asm.And.Imm(asm.R6, ^r.access&accAll),
				asm.JNE.Imm(asm.R6, 0, next))
		} else { // any access asked for is refused: asked & refused != 0
			insns = append(insns, asm.Mov.Reg(asm.R6, asm.R3),
				asm.And.Imm(asm.R6, r.access),
				asm.JEq.Imm(asm.R6, 0, next))
		}
	}
	if r.major >= 0 {
		insns = append(insns, asm.JNE.Imm(asm.R4, r.major, next))
	}
	if r.minor >= 0 {
		insns = append(insns, asm.JNE.Imm(asm.R5, r.minor, next))
	}
	insns = append(insns, asmVerdict(r.allow, "")...)
	insns[0] = insns[0].WithSymbol(self)
	return insns
}

func asmVerdict(allow bool, self string) asm.Instructions {
	v := int32(0)
	if allow {
		v = 1
	}
	mov := asm.Mov.Imm(asm.R0, v)
	if self != "" {
		mov = mov.WithSymbol(self)
	}
	return asm.Instructions{mov, asm.Return()}
}

// TestEncodeMatchesAsm: Program's bytes, in both byte orders, are those of
// the same program built and encoded with cilium/ebpf's asm package, for
// Docker's list and random ones.
func TestEncodeMatchesAsm(t *testing.T) {
	rnd := rand.New(rand.NewSource(2))
	types, accs := []string{"a", "b", "c", ""}, []string{"r", "w", "m", "rw", "rm", "wm", "rwm", ""}
	num := func() int64 { return int64(rnd.Intn(5)) - 1 }
	lists := [][]specs.LinuxDeviceCgroup{dockerRules, nil}
	for n := 0; n < 500; n++ {
		rules := make([]specs.LinuxDeviceCgroup, rnd.Intn(8))
		for i := range rules {
			rules[i] = rl(rnd.Intn(2) == 0, types[rnd.Intn(len(types))], num(), num(), accs[rnd.Intn(len(accs))])
		}
		lists = append(lists, rules)
	}
	for _, rules := range lists {
		prog, err := Program(rules)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := asmProgram(rules)
		if err != nil {
			t.Fatal(err)
		}
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			var want bytes.Buffer
			if err := ref.Marshal(&want, order); err != nil {
				t.Fatal(err)
			}
			if got := prog.Encode(order); !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("rules %s, %v:\n got %x\nwant %x\n%v", show(rules), order, got, want.Bytes(), ref)
			}
		}
	}
}
