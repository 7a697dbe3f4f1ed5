package seccomp

//go:generate sh -c "go run mksyscalls.go -sys $(go list -m -f '{{.Dir}}' golang.org/x/sys)"

import (
	"runtime"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// sysnum is one row of a syscall table (zsyscalls_x86.go).
type sysnum struct {
	name string
	nr   uint32
}

// AUDIT_ARCH_* values (linux/audit.h) as seccomp_data.arch reports them,
// and the bit x32 syscall numbers carry.
const (
	auditArchX86_64 = 0xc000003e
	auditArchI386   = 0x40000003
	x32SyscallBit   = 0x40000000
)

// archInfo is what the compiler needs of one arch.
type archInfo struct {
	name   specs.Arch
	audit  uint32
	table  []sysnum
	nrBase uint32 // added to every number (x32's bit)
	bits32 bool   // arguments are 32 bits: compare the low words only
	maxNr  uint32 // the highest number in table
	byName func() map[string]uint32
}

var (
	archX86_64 = newArch(&archInfo{name: specs.ArchX86_64, audit: auditArchX86_64, table: sysX86_64})
	archX86    = newArch(&archInfo{name: specs.ArchX86, audit: auditArchI386, table: sysI386, bits32: true})
	archX32    = newArch(&archInfo{name: specs.ArchX32, audit: auditArchX86_64, table: sysX32, nrBase: x32SyscallBit})
)

// newArch fills in maxNr and a name index built on first use (a map, not a
// search of the sorted table).
func newArch(a *archInfo) *archInfo {
	for _, s := range a.table {
		a.maxNr = max(a.maxNr, s.nr)
	}
	a.byName = sync.OnceValue(func() map[string]uint32 {
		m := make(map[string]uint32, len(a.table))
		for _, s := range a.table {
			m[s.name] = s.nr
		}
		return m
	})
	return a
}

// archByName maps the arches the compiler has tables for. A profile may
// list others (Docker's lists arm, mips...): they cannot occur on an x86
// kernel and are skipped.
func archByName(a specs.Arch) *archInfo {
	switch a {
	case specs.ArchX86_64:
		return archX86_64
	case specs.ArchX86:
		return archX86
	case specs.ArchX32:
		return archX32
	}
	return nil
}

// nativeArch is the arch this binary's processes run as; libseccomp always
// includes it in a filter.
func nativeArch() *archInfo {
	switch runtime.GOARCH {
	case "amd64":
		return archX86_64
	case "386":
		return archX86
	}
	return nil
}

// lookup returns the number of syscall name on a, with x32's bit.
func (a *archInfo) lookup(name string) (uint32, bool) {
	nr, ok := a.byName()[name]
	return nr + a.nrBase, ok
}

// knownArches are the SCMP_ARCH_* names the runtime-spec defines.
var knownArches = map[specs.Arch]bool{
	specs.ArchX86: true, specs.ArchX86_64: true, specs.ArchX32: true, specs.ArchARM: true,
	specs.ArchAARCH64: true, specs.ArchMIPS: true, specs.ArchMIPS64: true, specs.ArchMIPS64N32: true,
	specs.ArchMIPSEL: true, specs.ArchMIPSEL64: true, specs.ArchMIPSEL64N32: true, specs.ArchPPC: true,
	specs.ArchPPC64: true, specs.ArchPPC64LE: true, specs.ArchS390: true, specs.ArchS390X: true,
	specs.ArchPARISC: true, specs.ArchPARISC64: true, specs.ArchRISCV64: true, specs.ArchLOONGARCH64: true,
}
