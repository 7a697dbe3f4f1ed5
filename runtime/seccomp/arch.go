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

	once   sync.Once
	maxNr  uint32            // the highest number in table (index)
	byName map[string]uint32 // the table by name (index)
}

// The arches are laid out as data; their indexes are built on first use
// (a scan of the three tables at package init read ~30 KiB at every start
// of tent, tent-init and tent-runc).
var (
	archX86_64 = &archInfo{name: specs.ArchX86_64, audit: auditArchX86_64, table: sysX86_64}
	archX86    = &archInfo{name: specs.ArchX86, audit: auditArchI386, table: sysI386, bits32: true}
	archX32    = &archInfo{name: specs.ArchX32, audit: auditArchX86_64, table: sysX32, nrBase: x32SyscallBit}
)

// index fills in maxNr and the name index (a map, not a search of the
// sorted table), once.
func (a *archInfo) index() *archInfo {
	a.once.Do(func() {
		a.byName = make(map[string]uint32, len(a.table))
		for _, s := range a.table {
			a.maxNr = max(a.maxNr, s.nr)
			a.byName[s.name] = s.nr
		}
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
	nr, ok := a.index().byName[name]
	return nr + a.nrBase, ok
}

// knownArches are the SCMP_ARCH_* names the runtime-spec defines (a
// slice: a map literal here was built at every start).
var knownArches = []specs.Arch{
	specs.ArchX86, specs.ArchX86_64, specs.ArchX32, specs.ArchARM,
	specs.ArchAARCH64, specs.ArchMIPS, specs.ArchMIPS64, specs.ArchMIPS64N32,
	specs.ArchMIPSEL, specs.ArchMIPSEL64, specs.ArchMIPSEL64N32, specs.ArchPPC,
	specs.ArchPPC64, specs.ArchPPC64LE, specs.ArchS390, specs.ArchS390X,
	specs.ArchPARISC, specs.ArchPARISC64, specs.ArchRISCV64, specs.ArchLOONGARCH64,
}
