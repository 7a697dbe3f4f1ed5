package devices

import (
	"fmt"
	"math"

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
	regR0     = 0
	regR1     = 1
	regType   = 2
	regAccess = 3
	regMajor  = 4
	regMinor  = 5
	regTmp    = 6
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
func Program(rules []specs.LinuxDeviceCgroup) (Insns, error) {
	rs := make([]rule, len(rules))
	for i, d := range rules {
		r, err := decode(d)
		if err != nil {
			return nil, fmt.Errorf("device rule %d: %w", i, err)
		}
		rs[i] = r
	}
	insns := make(Insns, 0, 6+7*len(rs)+2)
	insns = append(insns,
		Insn{Op: opLdxMemW, Dst: regType, Src: regR1, Off: ctxAccessType},
		Insn{Op: opMovReg, Dst: regAccess, Src: regType},
		Insn{Op: opAndImm, Dst: regType, Imm: 0xffff},
		Insn{Op: opRshImm, Dst: regAccess, Imm: 16},
		Insn{Op: opLdxMemW, Dst: regMajor, Src: regR1, Off: ctxMajor},
		Insn{Op: opLdxMemW, Dst: regMinor, Src: regR1, Off: ctxMinor},
	)
	for i := len(rs) - 1; i >= 0; i-- {
		insns = check(insns, rs[i])
		if rs[i].matchesAll() {
			return insns, nil
		}
	}
	// No rule matched: allowed, as in a v1 cgroup without a "deny all".
	return verdict(insns, true), nil
}

// check appends the test of one rule: any condition that fails jumps to
// the next rule's first instruction, right after this rule's verdict;
// when all hold, the rule's verdict is returned.
func check(insns Insns, r rule) Insns {
	start := len(insns)
	if r.typ != 0 {
		insns = append(insns, Insn{Op: opJneImm, Dst: regType, Imm: r.typ})
	}
	if r.access != accAll {
		if r.allow { // every access asked for is granted: asked &^ granted == 0
			insns = append(insns, Insn{Op: opMovReg, Dst: regTmp, Src: regAccess},
				Insn{Op: opAndImm, Dst: regTmp, Imm: ^r.access & accAll},
				Insn{Op: opJneImm, Dst: regTmp})
		} else { // any access asked for is refused: asked & refused != 0
			insns = append(insns, Insn{Op: opMovReg, Dst: regTmp, Src: regAccess},
				Insn{Op: opAndImm, Dst: regTmp, Imm: r.access},
				Insn{Op: opJeqImm, Dst: regTmp})
		}
	}
	if r.major >= 0 {
		insns = append(insns, Insn{Op: opJneImm, Dst: regMajor, Imm: r.major})
	}
	if r.minor >= 0 {
		insns = append(insns, Insn{Op: opJneImm, Dst: regMinor, Imm: r.minor})
	}
	insns = verdict(insns, r.allow)
	next := len(insns)
	for i := start; i < next; i++ {
		if insns[i].Op == opJneImm || insns[i].Op == opJeqImm {
			insns[i].Off = int16(next - i - 1)
		}
	}
	return insns
}

func verdict(insns Insns, allow bool) Insns {
	v := int32(0)
	if allow {
		v = 1
	}
	return append(insns, Insn{Op: opMovImm, Dst: regR0, Imm: v}, Insn{Op: opExit})
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
