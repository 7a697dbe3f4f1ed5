package runtime

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// The static init ("sinit"): a static ELF of about a hundred instructions
// (sinit_code.go) that runs a table of syscalls and ends in execve(2), so
// that a container's PID 1 can do what a process must do to itself (mount
// /proc, setresuid, capset, no_new_privs, seccomp, close_range, chdir,
// execve) without a Go start. This file builds the table (pure);
// sinit_finalize_linux.go plans the Go init's finalize as one, and
// sinit_plan_linux.go tells how a spawned init uses it.
//
// The init reads the table from its fd 3 (read(2), looping on short reads,
// into an mmap(2) anonymous mapping of the table's length), adds the
// mapping's address to every relocated slot, then makes each entry's
// syscall in order. An entry fails when its result is in [-4095, -1] and
// minus it is not the entry's allowErrno; the init then write(2)s
// {u32 entry index, u32 errno} to fd 4 and exit_group(2)s with 126, or 127
// when the entry is the final execve and the errno ENOENT. A header or read
// failure reports index 0xffffffff (errno 0 for a malformed table or an
// early EOF); running past the last entry reports index = count, errno 0.
// Its only syscalls are thus read, mmap, write, exit_group and the table's.
//
// The format, little endian, all offsets from the table's start:
//
//	header    u32 magic "SIN1", u32 total length (header included),
//	          u32 relocation count, u32 entry count
//	relocs    u32 offset of a u64 slot holding an offset: slot += base
//	(pad)     to 8 bytes
//	entries   64 bytes each: u32 nr, u32 allowErrno, u64 args[6], u64 reserved
//	data      strings, pointer arrays, opaque bytes; each item 8-aligned
//
// A pointer argument is a relocated slot of its entry; pointer arrays (argv,
// envp) and struct sock_fprog hold relocated slots in the data area.
// The fd that carries the report should be closed by the execve: the table
// marks it close-on-exec (fcntl(2) or close_range(2) CLOSE_RANGE_CLOEXEC),
// and the parent reads EOF on success.

const (
	sinitMagic     = 0x314e4953 // "SIN1", little endian
	sinitHeaderLen = 16
	sinitEntryLen  = 64
	sinitMaxLen    = 1 << 20
	sinitMaxArgs   = 6
	// sinitTableFD is where the init reads its table, sinitReportFD where
	// it writes {index, errno} on failure.
	sinitTableFD  = 3
	sinitReportFD = 4
	// sinitIndexHeader is the index reported for a header or read failure.
	sinitIndexHeader = 0xffffffff
)

// sinitArg is an entry's argument: an immediate, or (ptr) an offset in
// the table's data area that becomes an address.
type sinitArg struct {
	v   uint64
	ptr bool
}

// imm is an immediate argument.
func imm(v uint64) sinitArg { return sinitArg{v: v} }

type sinitEntry struct {
	nr, allowErrno uint32
	args           []sinitArg
}

// sinitTable builds a table. Its methods record the first error, which
// encode returns (as bufio.Writer does), so a plan reads as a list of calls.
type sinitTable struct {
	entries []sinitEntry
	data    []byte
	slots   []int // data offsets of slots holding data offsets
	err     error
}

func newSinitTable() *sinitTable { return &sinitTable{} }

// alloc appends b to the data area, 8-aligned, and returns its offset.
func (t *sinitTable) alloc(b []byte) int {
	for len(t.data)%8 != 0 {
		t.data = append(t.data, 0)
	}
	off := len(t.data)
	t.data = append(t.data, b...)
	return off
}

// cstr appends s with its NUL and returns its offset.
func (t *sinitTable) cstr(s string) int {
	if strings.IndexByte(s, 0) >= 0 && t.err == nil {
		t.err = fmt.Errorf("static init: string %q holds a NUL byte", s)
	}
	return t.alloc(append([]byte(s), 0))
}

// strArg is the string argument i of e points to, or "" when it is not a
// pointer to one (for error messages).
func (t *sinitTable) strArg(e sinitEntry, i int) string {
	if i >= len(e.args) || !e.args[i].ptr || e.args[i].v >= uint64(len(t.data)) {
		return ""
	}
	b := t.data[e.args[i].v:]
	if n := bytes.IndexByte(b, 0); n >= 0 {
		b = b[:n]
	}
	return string(b)
}

// str is a pointer to s, NUL-terminated.
func (t *sinitTable) str(s string) sinitArg {
	return sinitArg{v: uint64(t.cstr(s)), ptr: true}
}

// strs is a pointer to a NULL-terminated array of pointers to ss (argv, envp).
func (t *sinitTable) strs(ss []string) sinitArg {
	offs := make([]int, len(ss))
	for i, s := range ss {
		offs[i] = t.cstr(s)
	}
	arr := make([]byte, 8*(len(ss)+1))
	for i, o := range offs {
		binary.LittleEndian.PutUint64(arr[8*i:], uint64(o))
	}
	at := t.alloc(arr)
	for i := range offs {
		t.slots = append(t.slots, at+8*i)
	}
	return sinitArg{v: uint64(at), ptr: true}
}

// bytes is a pointer to a copy of b (capset data, a struct).
func (t *sinitTable) bytes(b []byte) sinitArg {
	return sinitArg{v: uint64(t.alloc(b)), ptr: true}
}

// fprog is a pointer to a struct sock_fprog {u16 len; pad; u64 filter}
// for filter, a BPF program of 8-byte instructions (seccomp(2)).
func (t *sinitTable) fprog(filter []byte) sinitArg {
	if n := len(filter); (n == 0 || n%8 != 0 || n/8 > 0xffff) && t.err == nil {
		t.err = fmt.Errorf("static init: BPF filter of %d bytes is not 1 to 65535 instructions", len(filter))
	}
	f := t.alloc(filter)
	var p [16]byte
	binary.LittleEndian.PutUint16(p[0:], uint16(len(filter)/8))
	binary.LittleEndian.PutUint64(p[8:], uint64(f))
	at := t.alloc(p[:])
	t.slots = append(t.slots, at+8)
	return sinitArg{v: uint64(at), ptr: true}
}

// call appends the syscall nr with args; a failure whose errno is
// allowErrno (0: none) lets the init go on.
func (t *sinitTable) call(nr uintptr, args []sinitArg, allowErrno unix.Errno) {
	if len(args) > sinitMaxArgs && t.err == nil {
		t.err = fmt.Errorf("static init: syscall %d with %d arguments, at most %d", nr, len(args), sinitMaxArgs)
	}
	t.entries = append(t.entries, sinitEntry{nr: uint32(nr), allowErrno: uint32(allowErrno), args: args})
}

var errSinitNoExecve = errors.New("static init: the table does not end in execve or exit_group")

// sinitLayout is where the parts of an encoded table start.
func sinitLayout(nrel, nent int) (entries, data int) {
	entries = (sinitHeaderLen + 4*nrel + 7) &^ 7
	return entries, entries + sinitEntryLen*nent
}

// encode returns the table in the init's format, or the first error of
// its building, or why it cannot run: no final execve (or exit_group, for
// a table that only holds files: lingerTable), over sinitMaxLen.
func (t *sinitTable) encode() ([]byte, error) {
	if t.err != nil {
		return nil, t.err
	}
	if n := len(t.entries); n == 0 || t.entries[n-1].nr != unix.SYS_EXECVE && t.entries[n-1].nr != unix.SYS_EXIT_GROUP {
		return nil, errSinitNoExecve
	}
	nrel := len(t.slots)
	for _, e := range t.entries {
		for _, a := range e.args {
			if a.ptr {
				nrel++
			}
		}
	}
	entOff, dataOff := sinitLayout(nrel, len(t.entries))
	total := dataOff + len(t.data)
	if total > sinitMaxLen {
		return nil, fmt.Errorf("static init: table of %d bytes, over the %d the init reads", total, sinitMaxLen)
	}
	b := make([]byte, total)
	le := binary.LittleEndian
	le.PutUint32(b[0:], sinitMagic)
	le.PutUint32(b[4:], uint32(total))
	le.PutUint32(b[8:], uint32(nrel))
	le.PutUint32(b[12:], uint32(len(t.entries)))
	rel := sinitHeaderLen
	relocate := func(slot int) { // the slot holds a data offset
		le.PutUint64(b[slot:], le.Uint64(b[slot:])+uint64(dataOff))
		le.PutUint32(b[rel:], uint32(slot))
		rel += 4
	}
	for i, e := range t.entries {
		at := entOff + sinitEntryLen*i
		le.PutUint32(b[at:], e.nr)
		le.PutUint32(b[at+4:], e.allowErrno)
		for j, a := range e.args {
			le.PutUint64(b[at+8+8*j:], a.v)
			if a.ptr {
				relocate(at + 8 + 8*j)
			}
		}
	}
	copy(b[dataOff:], t.data)
	for _, s := range t.slots {
		relocate(dataOff + s)
	}
	return b, nil
}
