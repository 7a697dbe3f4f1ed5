package earlymon

// The flags of tent's command line, so that Command and Detached skip
// their values (cmd/tent checks these lists against its commands' flags).
var (
	// GlobalFlags are the root's flags without a value, GlobalValueFlags
	// those with one (-l also as -lVALUE).
	GlobalFlags      = []string{"--debug", "-D"}
	GlobalValueFlags = []string{"--log-level", "--root", "--state", "-l"}
	// RunValueFlags are run's flags that take a value.
	RunValueFlags = []string{
		"--add-host", "--attach", "--cap-add", "--cap-drop", "--cidfile", "--cpu-period", "--cpu-quota",
		"--cpu-shares", "--cpus", "--cpuset-cpus", "--cpuset-mems", "--detach-keys", "--device", "--dns",
		"--dns-option", "--dns-search", "--entrypoint", "--env", "--env-file", "--group-add",
		"--health-cmd", "--health-interval", "--health-retries", "--health-start-interval",
		"--health-start-period", "--health-timeout", "--hostname", "--ipc", "--label", "--label-file",
		"--log-opt", "--memory", "--memory-reservation", "--memory-swap", "--mount", "--name",
		"--net", "--network", "--oom-score-adj", "--pid", "--pids-limit", "--platform", "--publish", "--pull",
		"--restart", "--security-opt", "--shm-size", "--stop-signal", "--stop-timeout", "--sysctl",
		"--tmpfs", "--ulimit", "--user", "--uts", "--volume", "--volumes-from", "--workdir", "-a", "-c",
		"-e", "-h", "-l", "-m", "-p", "-u", "-v", "-w",
	}
)

// Command is the index in args (the command line after the program name)
// of tent's command: the first argument that is not a global flag or a
// global flag's value. It is -1 when there is none or a flag it does not
// know comes first (-h, --help, --, a typo): cobra then sees it all.
func Command(args []string) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasVal := cutEq(a)
		switch {
		case has(GlobalValueFlags, a):
			i++ // its value
		case has(GlobalFlags, name) && (name != "-D" || !hasVal),
			has(GlobalValueFlags, name) && hasVal && name != "-l",
			len(a) > 2 && a[:2] == "-l":
		case len(a) > 0 && a[0] == '-':
			return -1
		default:
			return i
		}
	}
	return -1
}

// Detached reports whether args (the command line after the program name)
// is `[global flags] run [run flags] IMAGE [ARG...]` with -d (--detach)
// among the run flags. It must never say yes to a command line that cobra
// would parse otherwise in a way that matters: a wrong yes only costs a
// monitor started for nothing.
func Detached(args []string) bool {
	i := Command(args)
	if i < 0 || args[i] != "run" {
		return false
	}
	detach := false
	skipFlags(args[i+1:], RunValueFlags, &detach)
	return detach
}

// skipFlags returns the index of args' first positional argument (len(args)
// when there is none), skipping the values of the flags in value; when
// detach is not nil it records -d/--detach among the flags seen.
func skipFlags(args []string, value []string, detach *bool) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" || a == "-" || len(a) < 2 || a[0] != '-':
			return i
		case a[1] == '-':
			name, val, hasVal := cutEq(a)
			if name == "--detach" && detach != nil {
				*detach = !hasVal || val == "true"
			} else if !hasVal && has(value, name) {
				i++
			}
		default:
			i += shortCluster(a, value, detach)
		}
	}
	return len(args)
}

// shortCluster reads a cluster of short flags (-dit, -eK=V, -p 80) and
// returns how many following arguments its last flag's value takes (0/1).
func shortCluster(a string, value []string, detach *bool) int {
	for k := 1; k < len(a); k++ {
		c := a[k : k+1]
		if c == "=" {
			return 0
		}
		if has(value, "-"+c) {
			if k == len(a)-1 {
				return 1
			}
			return 0 // -eK=V: the rest is the value
		}
		if c == "d" && detach != nil {
			*detach = true
		}
	}
	return 0
}

// cutEq splits --name=value.
func cutEq(a string) (name, val string, ok bool) {
	for i := 0; i < len(a); i++ {
		if a[i] == '=' {
			return a[:i], a[i+1:], true
		}
	}
	return a, "", false
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
