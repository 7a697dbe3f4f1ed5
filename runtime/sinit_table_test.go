package runtime

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// sinitDecoded is a table as the init sees it once relocated at base 0:
// every pointer is an offset in b.
type sinitDecoded struct {
	b       []byte
	relocs  []int // slot offsets, in table order
	entries []sinitDecodedEntry
	entOff  int
	dataOff int
}

type sinitDecodedEntry struct {
	nr, allowErrno uint32
	args           [sinitMaxArgs]uint64
}

// sinitDecode checks b as the init does (magic, lengths, bounds) and
// splits it.
func sinitDecode(b []byte) (*sinitDecoded, error) {
	le := binary.LittleEndian
	if len(b) < sinitHeaderLen || le.Uint32(b) != sinitMagic || int(le.Uint32(b[4:])) != len(b) {
		return nil, fmt.Errorf("bad header in %d bytes", len(b))
	}
	nrel, nent := int(le.Uint32(b[8:])), int(le.Uint32(b[12:]))
	d := &sinitDecoded{b: b}
	d.entOff, d.dataOff = sinitLayout(nrel, nent)
	if d.dataOff > len(b) {
		return nil, fmt.Errorf("%d entries past the end", nent)
	}
	for i := range nrel {
		off := int(le.Uint32(b[sinitHeaderLen+4*i:]))
		if off+8 > len(b) {
			return nil, fmt.Errorf("relocation %d at %d past the end", i, off)
		}
		d.relocs = append(d.relocs, off)
	}
	for i := range nent {
		e := b[d.entOff+sinitEntryLen*i:]
		de := sinitDecodedEntry{nr: le.Uint32(e), allowErrno: le.Uint32(e[4:])}
		for j := range de.args {
			de.args[j] = le.Uint64(e[8+8*j:])
		}
		d.entries = append(d.entries, de)
	}
	return d, nil
}

// mustDecode encodes tb and decodes the table.
func mustDecode(t *testing.T, tb *sinitTable) *sinitDecoded {
	t.Helper()
	b, err := tb.encode()
	if err != nil {
		t.Fatal(err)
	}
	d, err := sinitDecode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// argSlot is the table offset of entry i's argument j.
func (d *sinitDecoded) argSlot(i, j int) int { return d.entOff + sinitEntryLen*i + 8 + 8*j }

func (d *sinitDecoded) u64(off uint64) uint64 { return binary.LittleEndian.Uint64(d.b[off:]) }

// cstr is the NUL-terminated string at off.
func (d *sinitDecoded) cstr(off uint64) string {
	s := d.b[off:]
	return string(s[:bytes.IndexByte(s, 0)])
}

// strs is the NULL-terminated pointer array at off, and its slots.
func (d *sinitDecoded) strs(off uint64) (ss []string, slots []int) {
	for p := off; d.u64(p) != 0; p += 8 {
		ss = append(ss, d.cstr(d.u64(p)))
		slots = append(slots, int(p))
	}
	return ss, slots
}

// TestSinitTableLayout encodes one table of every kind of argument and
// checks, through the decoder, where each part lands and that exactly the
// pointer slots are relocated.
func TestSinitTableLayout(t *testing.T) {
	filter := bytes.Repeat([]byte{6, 0, 0, 0, 0, 0, 0xff, 0x7f}, 3) // 3 x RET ALLOW
	caps := []byte{1, 2, 3}
	tb := newSinitTable()
	proc := tb.str("/proc")
	tb.call(unix.SYS_MOUNT, []sinitArg{proc, proc, tb.str("proc"), imm(unix.MS_NOSUID), imm(0)}, unix.EBUSY)
	tb.call(unix.SYS_CAPSET, []sinitArg{tb.bytes(caps), imm(7)}, 0)
	tb.call(unix.SYS_SECCOMP, []sinitArg{imm(unix.SECCOMP_SET_MODE_FILTER), imm(0), tb.fprog(filter)}, 0)
	tb.call(unix.SYS_EXECVE, []sinitArg{tb.str("/bin/sh"), tb.strs([]string{"sh", "-c", ""}), tb.strs(nil)}, 0)
	d := mustDecode(t, tb)
	if len(d.entries) != 4 || d.entOff%8 != 0 || d.entOff < sinitHeaderLen+4*len(d.relocs) {
		t.Fatalf("%d entries at %d, %d relocations", len(d.entries), d.entOff, len(d.relocs))
	}
	m, cp, sc, ex := d.entries[0], d.entries[1], d.entries[2], d.entries[3]
	if m.nr != unix.SYS_MOUNT || m.allowErrno != uint32(unix.EBUSY) || d.cstr(m.args[0]) != "/proc" ||
		m.args[1] != m.args[0] || d.cstr(m.args[2]) != "proc" || m.args[3] != unix.MS_NOSUID || m.args[5] != 0 {
		t.Errorf("mount entry %+v", m)
	}
	if cp.nr != unix.SYS_CAPSET || !bytes.Equal(d.b[cp.args[0]:cp.args[0]+3], caps) || cp.args[1] != 7 {
		t.Errorf("capset entry %+v", cp)
	}
	prog := d.b[sc.args[2]:]
	if n, ptr := binary.LittleEndian.Uint16(prog), d.u64(sc.args[2]+8); n != 3 || !bytes.Equal(d.b[ptr:ptr+24], filter) {
		t.Errorf("sock_fprog {%d, %d}", n, ptr)
	}
	argv, argvSlots := d.strs(ex.args[1])
	env, _ := d.strs(ex.args[2])
	if d.cstr(ex.args[0]) != "/bin/sh" || !slices.Equal(argv, []string{"sh", "-c", ""}) || len(env) != 0 {
		t.Errorf("execve %q %q %q", d.cstr(ex.args[0]), argv, env)
	}
	want := []int{d.argSlot(0, 0), d.argSlot(0, 1), d.argSlot(0, 2), d.argSlot(1, 0), d.argSlot(2, 2),
		d.argSlot(3, 0), d.argSlot(3, 1), d.argSlot(3, 2), int(sc.args[2] + 8)}
	want = append(want, argvSlots...)
	if got := slices.Sorted(slices.Values(d.relocs)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("relocations %v, want %v", got, want)
	}
	for _, p := range []uint64{m.args[0], m.args[2], cp.args[0], sc.args[2], ex.args[0], ex.args[1], ex.args[2]} {
		if p < uint64(d.dataOff) || p%8 != 0 {
			t.Errorf("pointer %d: not an 8-aligned offset in the data area (from %d)", p, d.dataOff)
		}
	}
}

// TestSinitTableRefuses: what encode refuses, and the error naming it.
func TestSinitTableRefuses(t *testing.T) {
	execve := func(tb *sinitTable) {
		tb.call(unix.SYS_EXECVE, []sinitArg{tb.str("/bin/true"), tb.strs([]string{"true"}), tb.strs(nil)}, 0)
	}
	for _, tc := range []struct {
		name  string
		build func(*sinitTable)
		want  string
	}{
		{"empty", func(*sinitTable) {}, "does not end in execve or exit_group"},
		{"no final execve", func(tb *sinitTable) {
			execve(tb)
			tb.call(unix.SYS_GETPID, nil, 0)
		}, "does not end in execve or exit_group"},
		{"seven args", func(tb *sinitTable) {
			tb.call(unix.SYS_GETPID, make([]sinitArg, 7), 0)
			execve(tb)
		}, "7 arguments"},
		{"NUL in a string", func(tb *sinitTable) {
			tb.call(unix.SYS_CHDIR, []sinitArg{tb.str("/a\x00b")}, 0)
			execve(tb)
		}, "NUL byte"},
		{"NUL in argv", func(tb *sinitTable) {
			tb.call(unix.SYS_EXECVE, []sinitArg{tb.str("/bin/true"), tb.strs([]string{"a\x00"}), tb.strs(nil)}, 0)
		}, "NUL byte"},
		{"BPF of 7 bytes", func(tb *sinitTable) {
			tb.call(unix.SYS_SECCOMP, []sinitArg{imm(1), imm(0), tb.fprog(make([]byte, 7))}, 0)
			execve(tb)
		}, "7 bytes"},
		{"empty BPF", func(tb *sinitTable) {
			tb.call(unix.SYS_SECCOMP, []sinitArg{imm(1), imm(0), tb.fprog(nil)}, 0)
			execve(tb)
		}, "0 bytes"},
		{"over 1 MiB", func(tb *sinitTable) {
			tb.call(unix.SYS_WRITE, []sinitArg{imm(1), tb.bytes(make([]byte, sinitMaxLen)), imm(1)}, 0)
			execve(tb)
		}, "over the 1048576"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newSinitTable()
			tc.build(tb)
			b, err := tb.encode()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("encode: %d bytes, %v; want an error with %q", len(b), err, tc.want)
			}
			if strings.Contains(tc.want, "execve") && !errors.Is(err, errSinitNoExecve) {
				t.Errorf("%v is not errSinitNoExecve", err)
			}
		})
	}
}

// TestSinitTableMaxLen: a table of exactly sinitMaxLen bytes is encoded.
func TestSinitTableMaxLen(t *testing.T) {
	tb := newSinitTable()
	tb.call(unix.SYS_EXECVE, []sinitArg{tb.bytes(nil), imm(0), imm(0)}, 0)
	b, err := tb.encode()
	if err != nil {
		t.Fatal(err)
	}
	tb = newSinitTable()
	tb.call(unix.SYS_EXECVE, []sinitArg{tb.bytes(make([]byte, sinitMaxLen-len(b))), imm(0), imm(0)}, 0)
	if b, err = tb.encode(); err != nil || len(b) != sinitMaxLen {
		t.Errorf("%d bytes, %v; want %d", len(b), err, sinitMaxLen)
	}
}
