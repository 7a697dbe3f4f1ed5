package devices

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/cilium/ebpf/asm"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func i64p(v int64) *int64 { return &v }

// rl builds a rule; major/minor -1 is a wildcard.
func rl(allow bool, typ string, major, minor int64, access string) specs.LinuxDeviceCgroup {
	d := specs.LinuxDeviceCgroup{Allow: allow, Type: typ, Access: access}
	if major >= 0 {
		d.Major = i64p(major)
	}
	if minor >= 0 {
		d.Minor = i64p(minor)
	}
	return d
}

// dockerRules is what tent gives a default container: the engine's list
// (deny all, Docker's allow list) and the runtime's additions.
var dockerRules = []specs.LinuxDeviceCgroup{
	rl(false, "a", -1, -1, "rwm"),
	rl(true, "c", -1, -1, "m"), rl(true, "b", -1, -1, "m"),
	rl(true, "c", 1, 3, "rwm"), rl(true, "c", 1, 5, "rwm"), rl(true, "c", 1, 7, "rwm"),
	rl(true, "c", 1, 8, "rwm"), rl(true, "c", 1, 9, "rwm"),
	rl(true, "c", 5, 0, "rwm"), rl(true, "c", 5, 1, "rwm"), rl(true, "c", 5, 2, "rwm"),
	rl(true, "c", 136, -1, "rwm"),
	rl(false, "c", 10, 200, "rwm"), // Docker denies /dev/net/tun explicitly
}

// request is one kernel question: type (b/c), major, minor, access bits.
type request struct {
	typ          byte
	major, minor uint32
	access       string
}

func (q request) ctx() [3]uint32 {
	t := uint32(typeChar)
	if q.typ == 'b' {
		t = typeBlock
	}
	var a uint32
	for _, c := range q.access {
		a |= map[rune]uint32{'m': accMknod, 'r': accRead, 'w': accWrite}[c]
	}
	return [3]uint32{t | a<<16, q.major, q.minor}
}

func TestProgramDockerDefault(t *testing.T) {
	insns, err := Program(dockerRules)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		req  request
		want bool
	}{
		{request{'c', 1, 3, "rw"}, true},     // /dev/null
		{request{'c', 1, 5, "r"}, true},      // /dev/zero
		{request{'c', 1, 9, "rw"}, true},     // /dev/urandom
		{request{'c', 136, 4, "rw"}, true},   // /dev/pts/4
		{request{'c', 5, 2, "rw"}, true},     // /dev/ptmx
		{request{'b', 8, 0, "m"}, true},      // mknod of sda: allowed, as Docker
		{request{'b', 8, 0, "r"}, false},     // but not its use
		{request{'b', 8, 0, "rw"}, false},    //
		{request{'b', 253, 0, "w"}, false},   // dm-0
		{request{'b', 254, 0, "rw"}, false},  // virtio disk
		{request{'c', 1, 1, "r"}, false},     // /dev/mem
		{request{'c', 1, 2, "rw"}, false},    // /dev/kmem
		{request{'c', 10, 200, "rw"}, false}, // /dev/net/tun: denied last
		{request{'c', 10, 200, "m"}, false},  // even its mknod
		{request{'c', 4, 1, "rw"}, false},    // a host tty
		{request{'c', 1, 3, "m"}, true},
	} {
		if got := run(t, insns, tc.req.ctx()); got != tc.want {
			t.Errorf("%c %d:%d %s = %v, want %v", tc.req.typ, tc.req.major, tc.req.minor, tc.req.access, got, tc.want)
		}
	}
}

// TestProgramShape: Docker's list stops at "deny all" (no default block)
// and stays small; the labels all resolve.
func TestProgramShape(t *testing.T) {
	prog, err := Program(dockerRules)
	if err != nil {
		t.Fatal(err)
	}
	insns := toAsm(t, prog)
	var buf bytes.Buffer
	if err := insns.Marshal(&buf, binary.LittleEndian); err != nil {
		t.Fatalf("marshal: %v\n%v", err, insns)
	}
	last := insns[len(insns)-2]
	if last.OpCode != asm.Mov.Imm(asm.R0, 0).OpCode || last.Constant != 0 || last.Symbol() != label(len(dockerRules)-1) {
		t.Errorf("program does not end in the deny-all verdict:\n%v", insns)
	}
	if n := len(insns); n != 69 { // prologue 6; per rule a compare per field given, 3 for a partial access, 2 for the verdict
		t.Errorf("%d instructions for %d rules:\n%v", n, len(dockerRules), insns)
	}
	t.Logf("%d rules: %d instructions", len(dockerRules), len(insns))
}

func TestProgramSemantics(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rules []specs.LinuxDeviceCgroup
		req   request
		want  bool
	}{
		{"no rules: allowed, as v1", nil, request{'b', 8, 0, "rw"}, true},
		{"deny all", []specs.LinuxDeviceCgroup{rl(false, "", -1, -1, "")}, request{'c', 1, 3, "r"}, false},
		{"allow all after deny all", []specs.LinuxDeviceCgroup{rl(false, "a", -1, -1, "rwm"), rl(true, "a", -1, -1, "rwm")}, request{'b', 8, 0, "rw"}, true},
		{"deny all after allows: last wins", []specs.LinuxDeviceCgroup{rl(true, "c", 1, 3, "rwm"), rl(false, "a", -1, -1, "rwm")}, request{'c', 1, 3, "r"}, false},
		{"allow r does not grant rw", []specs.LinuxDeviceCgroup{rl(false, "a", -1, -1, "rwm"), rl(true, "c", 1, 3, "r")}, request{'c', 1, 3, "rw"}, false},
		{"allow r grants r", []specs.LinuxDeviceCgroup{rl(false, "a", -1, -1, "rwm"), rl(true, "c", 1, 3, "r")}, request{'c', 1, 3, "r"}, true},
		{"deny w refuses rw", []specs.LinuxDeviceCgroup{rl(true, "a", -1, -1, "rwm"), rl(false, "c", 1, 3, "w")}, request{'c', 1, 3, "rw"}, false},
		{"deny w leaves r", []specs.LinuxDeviceCgroup{rl(true, "a", -1, -1, "rwm"), rl(false, "c", 1, 3, "w")}, request{'c', 1, 3, "r"}, true},
		{"type matters", []specs.LinuxDeviceCgroup{rl(false, "a", -1, -1, "rwm"), rl(true, "c", 8, 0, "rwm")}, request{'b', 8, 0, "r"}, false},
		{"minor matters", []specs.LinuxDeviceCgroup{rl(false, "a", -1, -1, "rwm"), rl(true, "c", 1, 3, "rwm")}, request{'c', 1, 4, "r"}, false},
		{"major wildcard", []specs.LinuxDeviceCgroup{rl(false, "a", -1, -1, "rwm"), rl(true, "c", -1, 3, "rwm")}, request{'c', 9, 3, "r"}, true},
		{"partial wildcard deny keeps going", []specs.LinuxDeviceCgroup{rl(true, "a", -1, -1, "rwm"), rl(false, "a", -1, -1, "m")}, request{'c', 1, 3, "rw"}, true},
		{"large minor", []specs.LinuxDeviceCgroup{rl(false, "a", -1, -1, "rwm"), rl(true, "c", 4095, 1<<20-1, "rwm")}, request{'c', 4095, 1<<20 - 1, "r"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			insns, err := Program(tc.rules)
			if err != nil {
				t.Fatal(err)
			}
			if got := run(t, insns, tc.req.ctx()); got != tc.want {
				t.Errorf("%+v = %v, want %v\n%v", tc.req, got, tc.want, insns)
			}
		})
	}
}

// TestProgramMatchesModel compares the program with a direct reading of
// the semantics (model) on random rule lists and requests.
func TestProgramMatchesModel(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	types, accs := []string{"a", "b", "c", ""}, []string{"r", "w", "m", "rw", "rm", "wm", "rwm", ""}
	num := func() int64 { return int64(rnd.Intn(4)) - 1 } // -1 (any), 0, 1, 2
	for n := 0; n < 2000; n++ {
		rules := make([]specs.LinuxDeviceCgroup, rnd.Intn(6))
		for i := range rules {
			rules[i] = rl(rnd.Intn(2) == 0, types[rnd.Intn(len(types))], num(), num(), accs[rnd.Intn(len(accs))])
		}
		insns, err := Program(rules)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 20; k++ {
			q := request{"bc"[rnd.Intn(2)], uint32(rnd.Intn(3)), uint32(rnd.Intn(3)), accs[rnd.Intn(len(accs)-1)]}
			if got, want := run(t, insns, q.ctx()), model(rules, q); got != want {
				t.Fatalf("rules %s, request %+v: program %v, model %v\n%v", show(rules), q, got, want, insns)
			}
		}
	}
}

// model: the last matching rule decides; no match allows.
func model(rules []specs.LinuxDeviceCgroup, q request) bool {
	ctx := q.ctx()
	asked := ctx[0] >> 16
	for i := len(rules) - 1; i >= 0; i-- {
		r, _ := decode(rules[i])
		if r.typ != 0 && uint32(r.typ) != ctx[0]&0xffff ||
			r.major >= 0 && uint32(r.major) != q.major || r.minor >= 0 && uint32(r.minor) != q.minor {
			continue
		}
		if r.allow && asked&^uint32(r.access) == 0 || !r.allow && asked&uint32(r.access) != 0 {
			return r.allow
		}
	}
	return true
}

func show(rules []specs.LinuxDeviceCgroup) string {
	var b strings.Builder
	for _, d := range rules {
		r, _ := decode(d)
		fmt.Fprintf(&b, "[%v t%d %d:%d a%d] ", r.allow, r.typ, r.major, r.minor, r.access)
	}
	return b.String()
}

func TestProgramErrors(t *testing.T) {
	for _, d := range []specs.LinuxDeviceCgroup{
		{Type: "x"}, {Access: "rwx"}, {Major: i64p(1 << 32)}, {Minor: i64p(1 << 40)},
	} {
		if _, err := Program([]specs.LinuxDeviceCgroup{d}); err == nil || !strings.HasPrefix(err.Error(), "device rule 0: ") {
			t.Errorf("%+v: err %v", d, err)
		}
	}
}
