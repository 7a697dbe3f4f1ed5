package seccomp

import (
	"errors"
	"fmt"
	"slices"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// SECCOMP_RET_* (linux/seccomp.h).
const (
	retKillProcess = 0x80000000
	retKillThread  = 0x00000000
	retTrap        = 0x00030000
	retErrno       = 0x00050000
	retTrace       = 0x7ff00000
	retLog         = 0x7ffc0000
	retAllow       = 0x7fff0000
	retDataMask    = 0x0000ffff
)

// badArchAction is what a syscall from an arch missing from the filter
// gets: libseccomp's default (SCMP_ACT_KILL), which runc and crun keep.
const badArchAction = retKillThread

// actionValue turns an OCI action and its errnoRet into the filter's return
// value; callers prefix errors with the field.
func actionValue(a specs.LinuxSeccompAction, errnoRet *uint) (uint32, error) {
	if errnoRet != nil && a != specs.ActErrno && a != specs.ActTrace {
		return 0, fmt.Errorf("errnoRet is only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not %s", a)
	}
	data := uint32(unix.EPERM)
	if errnoRet != nil {
		if *errnoRet > retDataMask {
			return 0, fmt.Errorf("errnoRet %d does not fit in 16 bits", *errnoRet)
		}
		data = uint32(*errnoRet)
	}
	switch a {
	case specs.ActKill, specs.ActKillThread:
		return retKillThread, nil
	case specs.ActKillProcess:
		return retKillProcess, nil
	case specs.ActTrap:
		return retTrap, nil
	case specs.ActErrno:
		return retErrno | data, nil
	case specs.ActTrace:
		return retTrace | data, nil
	case specs.ActAllow:
		return retAllow, nil
	case specs.ActLog:
		return retLog, nil
	case specs.ActNotify:
		return 0, fmt.Errorf("%s is not supported (no seccomp agent)", a)
	case "":
		return 0, errors.New("missing")
	}
	return 0, fmt.Errorf("unknown action %q", a)
}

// flagValue maps the OCI filter flags this package supports.
func flagValue(field string, f specs.LinuxSeccompFlag) (uint32, error) {
	switch f {
	case specs.LinuxSeccompFlagLog:
		return unix.SECCOMP_FILTER_FLAG_LOG, nil
	case specs.LinuxSeccompFlagSpecAllow:
		return unix.SECCOMP_FILTER_FLAG_SPEC_ALLOW, nil
	}
	return 0, fmt.Errorf("%s: unsupported flag %q", field, f)
}

// checkRule validates rule i of a profile's syscalls without resolving its
// names.
func checkRule(i int, s specs.LinuxSyscall) error {
	if _, err := actionValue(s.Action, s.ErrnoRet); err != nil {
		return fmt.Errorf("syscalls[%d].action: %w", i, err)
	}
	for j, arg := range s.Args {
		if arg.Index > 5 {
			return fmt.Errorf("syscalls[%d].args[%d].index: %d is not an argument index (0-5)", i, j, arg.Index)
		}
		switch arg.Op {
		case specs.OpNotEqual, specs.OpLessThan, specs.OpLessEqual, specs.OpEqualTo,
			specs.OpGreaterEqual, specs.OpGreaterThan, specs.OpMaskedEqual:
		case "":
			return fmt.Errorf("syscalls[%d].args[%d].op: missing", i, j)
		default:
			return fmt.Errorf("syscalls[%d].args[%d].op: unknown operator %q", i, j, arg.Op)
		}
	}
	return nil
}

// checkSeccomp validates the parts of a profile that are not rules.
func checkSeccomp(p *specs.LinuxSeccomp) error {
	if _, err := actionValue(p.DefaultAction, p.DefaultErrnoRet); err != nil {
		return fmt.Errorf("defaultAction: %w", err)
	}
	for i, a := range p.Architectures {
		if !slices.Contains(knownArches, a) {
			return fmt.Errorf("architectures[%d]: unknown arch %q", i, a)
		}
	}
	for i, f := range p.Flags {
		if _, err := flagValue(fmt.Sprintf("flags[%d]", i), f); err != nil {
			return err
		}
	}
	if p.ListenerPath != "" || p.ListenerMetadata != "" {
		return fmt.Errorf("listenerPath: seccomp agents are not supported")
	}
	return nil
}
