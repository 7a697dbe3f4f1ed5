package devices

import (
	"fmt"
	"math"
	"strconv"

	"github.com/cilium/ebpf/asm"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// The program's context, struct bpf_cgroup_dev_ctx: access_type holds the
// device type in its low 16 bits and the access bits above them.
const (
	ctxAccessType = 0 // u32: type | access<<16
	ctxMajor      = 4 // u32
	ctxMinor      = 8 // u32

	typeBlock = 1 // BPF_DEVCG_DEV_BLOCK
	typeChar  = 2 // BPF_DEVCG_DEV_CHAR

	accMknod = 1 // BPF_DEVCG_ACC_MKNOD
	accRead  = 2 // BPF_DEVCG_ACC_READ
	accWrite = 4 // BPF_DEVCG_ACC_WRITE
	accAll   = accMknod | accRead | accWrite
)

// Registers, after the prologue: r1 is the context, r0 the verdict.
const (
	regType   = asm.R2
	regAccess = asm.R3
	regMajor  = asm.R4
	regMinor  = asm.R5
	regTmp    = asm.R6
)

// rule is a spec rule checked and decoded: 0 type means any, -1 any number.
type rule struct {
	allow        bool
	typ          int32
	major, minor int32
	access       int32
}

// matchesAll: the rule decides every request, so earlier rules are dead.
func (r rule) matchesAll() bool {
	return r.typ == 0 && r.major < 0 && r.minor < 0 && r.access == accAll
}

// Program returns the BPF_PROG_TYPE_CGROUP_DEVICE program enforcing rules
// (see the package doc for the semantics). It returns 1 to allow and 0 to
// refuse.
func Program(rules []specs.LinuxDeviceCgroup) (asm.Instructions, error) {
	rs := make([]rule, len(rules))
	for i, d := range rules {
		r, err := decode(d)
		if err != nil {
			return nil, fmt.Errorf("device rule %d: %w", i, err)
		}
		rs[i] = r
	}
	insns := asm.Instructions{
		asm.LoadMem(regType, asm.R1, ctxAccessType, asm.Word),
		asm.Mov.Reg(regAccess, regType),
		asm.And.Imm(regType, 0xffff),
		asm.RSh.Imm(regAccess, 16),
		asm.LoadMem(regMajor, asm.R1, ctxMajor, asm.Word),
		asm.LoadMem(regMinor, asm.R1, ctxMinor, asm.Word),
	}
	block := 0
	for i := len(rs) - 1; i >= 0; i-- {
		insns = append(insns, check(rs[i], label(block), label(block+1))...)
		block++
		if rs[i].matchesAll() {
			return insns, nil
		}
	}
	// No rule matched: allowed, as in a v1 cgroup without a "deny all".
	return append(insns, verdict(true, label(block))...), nil
}

func label(block int) string { return "rule" + strconv.Itoa(block) }

// check tests one rule: any condition that fails jumps to next; when all
// hold, the rule's verdict is returned. The first instruction is named self.
func check(r rule, self, next string) asm.Instructions {
	var insns asm.Instructions
	if r.typ != 0 {
		insns = append(insns, asm.JNE.Imm(regType, r.typ, next))
	}
	if r.access != accAll {
		if r.allow { // every access asked for is granted: asked &^ granted == 0
			insns = append(insns, asm.Mov.Reg(regTmp, regAccess),
				asm.And.Imm(regTmp, ^r.access&accAll),
				asm.JNE.Imm(regTmp, 0, next))
		} else { // any access asked for is refused: asked & refused != 0
			insns = append(insns, asm.Mov.Reg(regTmp, regAccess),
				asm.And.Imm(regTmp, r.access),
				asm.JEq.Imm(regTmp, 0, next))
		}
	}
	if r.major >= 0 {
		insns = append(insns, asm.JNE.Imm(regMajor, r.major, next))
	}
	if r.minor >= 0 {
		insns = append(insns, asm.JNE.Imm(regMinor, r.minor, next))
	}
	insns = append(insns, verdict(r.allow, "")...)
	insns[0] = insns[0].WithSymbol(self)
	return insns
}

func verdict(allow bool, self string) asm.Instructions {
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

// decode checks a spec rule: type a, b or c (empty: a), access of r, w, m
// (empty: rwm), and numbers that fit a u32 compare (nil or negative: any).
func decode(d specs.LinuxDeviceCgroup) (rule, error) {
	r := rule{allow: d.Allow, major: -1, minor: -1}
	switch d.Type {
	case "", "a":
	case "b":
		r.typ = typeBlock
	case "c":
		r.typ = typeChar
	default:
		return rule{}, fmt.Errorf("bad type %q", d.Type)
	}
	acc := d.Access
	if acc == "" {
		acc = "rwm"
	}
	for _, c := range acc {
		switch c {
		case 'r':
			r.access |= accRead
		case 'w':
			r.access |= accWrite
		case 'm':
			r.access |= accMknod
		default:
			return rule{}, fmt.Errorf("bad access %q", d.Access)
		}
	}
	num := func(p *int64, what string) (int32, error) {
		if p == nil || *p < 0 {
			return -1, nil
		}
		if *p > math.MaxInt32 {
			return 0, fmt.Errorf("%s %d out of range", what, *p)
		}
		return int32(*p), nil
	}
	var err error
	if r.major, err = num(d.Major, "major"); err != nil {
		return rule{}, err
	}
	if r.minor, err = num(d.Minor, "minor"); err != nil {
		return rule{}, err
	}
	return r, nil
}
