package load

import "golang.org/x/sys/unix"

// MaxInsns is the kernel's limit on a classic BPF program (BPF_MAXINSNS).
const MaxInsns = 4096

// Program is a compiled seccomp filter and the SECCOMP_FILTER_FLAG_* flags
// it asks for (TSYNC is always added by Install).
type Program struct {
	Filter []unix.SockFilter
	Flags  uint32
}

const (
	magic   = "TSF1"
	hdrLen  = 12
	insnLen = 8
)

// MarshalBinary encodes p in the wire form described in the package doc.
func (p Program) MarshalBinary() ([]byte, error) {
	b := make([]byte, hdrLen, hdrLen+insnLen*len(p.Filter))
	copy(b, magic)
	put32(b[4:], p.Flags)
	put32(b[8:], uint32(len(p.Filter)))
	for _, f := range p.Filter {
		var i [insnLen]byte
		i[0], i[1] = byte(f.Code), byte(f.Code>>8)
		i[2], i[3] = f.Jt, f.Jf
		put32(i[4:], f.K)
		b = append(b, i[:]...)
	}
	return b, nil
}

// UnmarshalBinary decodes the wire form; it checks the header and length
// only, the kernel checks the program itself.
func (p *Program) UnmarshalBinary(b []byte) error {
	if len(b) < hdrLen || string(b[:4]) != magic {
		return errBadHeader
	}
	n := get32(b[8:])
	if n == 0 || n > MaxInsns || uint64(len(b)) != hdrLen+insnLen*uint64(n) {
		return errBadLength
	}
	p.Flags = get32(b[4:])
	p.Filter = make([]unix.SockFilter, n)
	for i := range p.Filter {
		o := b[hdrLen+insnLen*i:]
		p.Filter[i] = unix.SockFilter{Code: uint16(o[0]) | uint16(o[1])<<8, Jt: o[2], Jf: o[3], K: get32(o[4:])}
	}
	return nil
}

type loadError string

func (e loadError) Error() string { return string(e) }

const (
	errBadHeader = loadError("seccomp program: bad header")
	errBadLength = loadError("seccomp program: bad instruction count")
)

func put32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

func get32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
