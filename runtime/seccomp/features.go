package seccomp

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/opencontainers/runtime-spec/specs-go/features"
)

// Features is what the compiler takes, in the runtime-spec's features
// schema: each action, operator, arch and flag is listed when the
// compiler's own tables accept it (actionValue, checkRule, archByName,
// flagValue), so the list cannot say more than a profile gets.
func Features() *features.Seccomp {
	yes := true
	f := &features.Seccomp{Enabled: &yes}
	for _, a := range []specs.LinuxSeccompAction{specs.ActKill, specs.ActKillProcess, specs.ActKillThread, specs.ActTrap,
		specs.ActErrno, specs.ActTrace, specs.ActAllow, specs.ActLog, specs.ActNotify} {
		if _, err := actionValue(a, nil); err == nil {
			f.Actions = append(f.Actions, string(a))
		}
	}
	for _, op := range []specs.LinuxSeccompOperator{specs.OpNotEqual, specs.OpLessThan, specs.OpLessEqual,
		specs.OpEqualTo, specs.OpGreaterEqual, specs.OpGreaterThan, specs.OpMaskedEqual} {
		rule := specs.LinuxSyscall{Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{{Op: op}}}
		if checkRule(0, rule) == nil {
			f.Operators = append(f.Operators, string(op))
		}
	}
	for _, a := range []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32, specs.ArchARM, specs.ArchAARCH64,
		specs.ArchMIPS, specs.ArchMIPS64, specs.ArchPPC64, specs.ArchPPC64LE, specs.ArchS390X, specs.ArchRISCV64} {
		if archByName(a) != nil {
			f.Archs = append(f.Archs, string(a))
		}
	}
	for _, fl := range []specs.LinuxSeccompFlag{specs.LinuxSeccompFlagLog, specs.LinuxSeccompFlagSpecAllow,
		specs.LinuxSeccompFlagWaitKillableRecv} {
		f.KnownFlags = append(f.KnownFlags, string(fl))
		if _, err := flagValue("", fl); err == nil {
			f.SupportedFlags = append(f.SupportedFlags, string(fl))
		}
	}
	return f
}
