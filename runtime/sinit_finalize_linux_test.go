package runtime

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/runtime/seccomp/load"
	"golang.org/x/sys/unix"
)

// sinitOps renders each entry of an encoded table as a short line, so a
// test compares a finalize plan as a list.
func sinitOps(t *testing.T, b []byte) []string {
	t.Helper()
	d, err := sinitDecode(b)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	var ops []string
	for _, e := range d.entries {
		a := e.args
		var s string
		switch {
		case e.nr == unix.SYS_PRCTL && a[0] == unix.PR_CAPBSET_DROP:
			s = fmt.Sprintf("bset_drop %d", a[1])
		case e.nr == unix.SYS_PRCTL && a[0] == unix.PR_CAP_AMBIENT:
			s = fmt.Sprintf("ambient %d %d", a[1], a[2])
		case e.nr == unix.SYS_PRCTL:
			s = fmt.Sprintf("prctl %d %d", a[0], a[1])
		case e.nr == unix.SYS_SECCOMP:
			n := le.Uint16(d.b[a[2]:])
			s = fmt.Sprintf("seccomp %d %#x %d insns", a[0], a[1], n)
		case e.nr == unix.SYS_SETGROUPS:
			var gs []string
			for i := range a[0] {
				gs = append(gs, fmt.Sprint(le.Uint32(d.b[a[1]+4*i:])))
			}
			s = fmt.Sprintf("setgroups %d [%s]", a[0], strings.Join(gs, " "))
		case e.nr == unix.SYS_SETRESGID || e.nr == unix.SYS_SETRESUID:
			s = fmt.Sprintf("setres%cid %d %d %d", map[bool]byte{true: 'g', false: 'u'}[e.nr == unix.SYS_SETRESGID], a[0], a[1], a[2])
		case e.nr == unix.SYS_CAPSET:
			h, c := d.b[a[0]:], d.b[a[1]:]
			w := func(i int) uint64 { return uint64(le.Uint32(c[4*i:])) | uint64(le.Uint32(c[12+4*i:]))<<32 }
			s = fmt.Sprintf("capset %#x %d eff=%#x prm=%#x inh=%#x", le.Uint32(h), le.Uint32(h[4:]), w(0), w(1), w(2))
		case e.nr == unix.SYS_UMASK:
			s = fmt.Sprintf("umask %#o", a[0])
		case e.nr == unix.SYS_CLOSE_RANGE:
			s = fmt.Sprintf("close_range %d %#x %d", a[0], a[1], a[2])
		case e.nr == unix.SYS_EXECVE:
			argv, _ := d.strs(a[1])
			env, _ := d.strs(a[2])
			s = fmt.Sprintf("execve %s %q %q", d.cstr(a[0]), argv, env)
		default:
			s = fmt.Sprintf("syscall %d", e.nr)
		}
		if e.allowErrno != 0 {
			s += fmt.Sprintf(" allow %d", e.allowErrno)
		}
		ops = append(ops, s)
	}
	return ops
}

// dockerCaps is Docker's default capability set (mask 0xa80425fb).
var dockerCaps = []capability.Cap{capability.CAP_CHOWN, capability.CAP_DAC_OVERRIDE, capability.CAP_FSETID,
	capability.CAP_FOWNER, capability.CAP_MKNOD, capability.CAP_NET_RAW, capability.CAP_SETGID, capability.CAP_SETUID,
	capability.CAP_SETFCAP, capability.CAP_SETPCAP, capability.CAP_NET_BIND_SERVICE, capability.CAP_SYS_CHROOT,
	capability.CAP_KILL, capability.CAP_AUDIT_WRITE}

// bsetDrops are the drops of every cap up to last whose bit keep lacks.
func bsetDrops(keep uint64, last int) []string {
	var out []string
	for c := 0; c <= last; c++ {
		if keep&(1<<c) == 0 {
			out = append(out, fmt.Sprintf("bset_drop %d", c))
		}
	}
	return out
}

func TestSinitFinalizePlan(t *testing.T) {
	const last = 40
	allow := &load.Program{Filter: []unix.SockFilter{{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ALLOW}}, Flags: unix.SECCOMP_FILTER_FLAG_LOG}
	nb := []capability.Cap{capability.CAP_NET_BIND_SERVICE}
	umask := uint32(0o077)
	proc := func(uid, gid uint32, nnp bool, gids ...uint32) *specs.Process {
		return &specs.Process{Args: []string{"sh", "-c", "x"}, Env: []string{"A=1"},
			User: specs.User{UID: uid, GID: gid, AdditionalGids: gids}, NoNewPrivileges: nnp}
	}
	const exec = `execve /bin/sh ["sh" "-c" "x"] ["A=1"]`
	seccomp := fmt.Sprintf("seccomp %d %#x 1 insns", unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_LOG|unix.SECCOMP_FILTER_FLAG_TSYNC)
	user := func(setgroups string, id uint32) []string {
		return []string{"prctl 8 1", setgroups, fmt.Sprintf("setresgid %d %d %d", id, id, id), fmt.Sprintf("setresuid %d %d %d", id, id, id)}
	}
	docker := &capSets{bounding: dockerCaps, effective: dockerCaps, permitted: dockerCaps, inheritable: nil}
	const dockerCapset = "capset 0x20080522 0 eff=0xa80425fb prm=0xa80425fb inh=0x0"
	tail := func(nnpPrctl bool, umask string) []string {
		var out []string
		if nnpPrctl {
			out = append(out, "prctl 38 1")
		}
		return append(out, "umask "+umask)
	}
	cat := func(parts ...[]string) []string { return slices.Concat(parts...) }
	closeRange := []string{"close_range 3 0xffffffff 4"} // before seccomp: never under the filter
	for _, tc := range []struct {
		name   string
		p      *specs.Process
		caps   *capSets
		filter *load.Program
		want   []string
	}{
		{"root, Docker's caps, no filter", proc(0, 0, false), docker, nil, cat(bsetDrops(0xa80425fb, last), closeRange,
			user("setgroups 0 []", 0), []string{dockerCapset, "ambient 4 0 allow 22"}, tail(false, "022"), []string{exec})},
		{"non-root, ambient", proc(1000, 1000, true), &capSets{bounding: nb, effective: nb, permitted: nb, inheritable: nb, ambient: nb},
			nil, cat(bsetDrops(1<<10, last), closeRange, user("setgroups 0 []", 1000), []string{
				"capset 0x20080522 0 eff=0x400 prm=0x400 inh=0x400", "ambient 4 0 allow 22", "ambient 2 10 allow 22"},
				tail(true, "022"), []string{exec})},
		{"ambient not inheritable is not raised", proc(1000, 1000, true), &capSets{bounding: nb, effective: nb, permitted: nb, ambient: nb},
			nil, cat(bsetDrops(1<<10, last), closeRange, user("setgroups 0 []", 1000), []string{
				"capset 0x20080522 0 eff=0x400 prm=0x400 inh=0x0", "ambient 4 0 allow 22"}, tail(true, "022"), []string{exec})},
		{"nnp and filter: seccomp last", proc(0, 0, true), docker, allow, cat(bsetDrops(0xa80425fb, last), closeRange,
			user("setgroups 0 []", 0), []string{dockerCapset, "ambient 4 0 allow 22"}, tail(false, "022"),
			[]string{"prctl 38 1", seccomp, exec})},
		{"filter without nnp: seccomp first", proc(0, 0, false), docker, allow, cat(bsetDrops(0xa80425fb, last), closeRange,
			[]string{seccomp}, user("setgroups 0 []", 0), []string{dockerCapset, "ambient 4 0 allow 22"}, tail(false, "022"), []string{exec})},
		{"additional gids", proc(1000, 1000, false, 1000, 44), nil, nil, cat(bsetDrops(0, last), closeRange,
			user("setgroups 2 [1000 44]", 1000), []string{"capset 0x20080522 0 eff=0x0 prm=0x0 inh=0x0", "ambient 4 0 allow 22"},
			tail(false, "022"), []string{exec})},
		{"umask", func() *specs.Process { p := proc(0, 0, false); p.User.Umask = &umask; return p }(), nil, nil,
			cat(bsetDrops(0, last), closeRange, user("setgroups 0 []", 0), []string{"capset 0x20080522 0 eff=0x0 prm=0x0 inh=0x0",
				"ambient 4 0 allow 22"}, tail(false, "077"), []string{exec})},
		{"caps above 31", proc(0, 0, false), &capSets{bounding: []capability.Cap{capability.CAP_CHECKPOINT_RESTORE},
			permitted: []capability.Cap{capability.CAP_BPF, capability.CAP_KILL}}, nil, cat(bsetDrops(1<<40, last), closeRange,
			user("setgroups 0 []", 0), []string{"capset 0x20080522 0 eff=0x0 prm=0x8000000020 inh=0x0", "ambient 4 0 allow 22"},
			tail(false, "022"), []string{exec})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newSinitTable()
			if err := sinitFinalize(tb, tc.p, tb.str("/bin/sh"), tc.caps, tc.filter, last); err != nil {
				t.Fatal(err)
			}
			b, err := tb.encode()
			if err != nil {
				t.Fatal(err)
			}
			if got := sinitOps(t, b); !slices.Equal(got, tc.want) {
				t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestSinitFinalizeRefuses: what sinitFinalize (or encode after it)
// refuses, and the error naming it.
func TestSinitFinalizeRefuses(t *testing.T) {
	p := &specs.Process{Args: []string{"true"}}
	high := []capability.Cap{capability.CAP_CHECKPOINT_RESTORE}
	for _, tc := range []struct {
		name   string
		p      *specs.Process
		caps   *capSets
		filter *load.Program
		last   int
		want   string
	}{
		{"no args", &specs.Process{}, nil, nil, 40, "no process args"},
		{"nil process", nil, nil, nil, 40, "no process args"},
		{"last cap 64", p, nil, nil, 64, "last capability 64"},
		{"bounding above last", p, &capSets{bounding: high}, nil, 39, "bounding set: capability 40"},
		{"inheritable above last", p, &capSets{inheritable: high}, nil, 39, "capabilities: capability 40"},
		{"empty filter", p, nil, &load.Program{}, 40, "seccomp filter of 0 instructions"},
		{"NUL in args", &specs.Process{Args: []string{"a\x00"}}, nil, nil, 40, "NUL byte"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newSinitTable()
			err := sinitFinalize(tb, tc.p, tb.str("/bin/true"), tc.caps, tc.filter, tc.last)
			if err == nil {
				_, err = tb.encode()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v; want an error with %q", err, tc.want)
			}
		})
	}
}
