package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/atomicfile"
	"github.com/tent-dev/tent/runtime"
)

// execFlags are runc exec's.
type execFlags struct {
	process, consoleSocket, pidFile, cwd, user string
	processLabel, apparmor                     string
	env, caps                                  []string
	additionalGids                             []uint
	tty, detach, noNewPrivs, ignorePaused      bool
	preserveFDs                                int
}

func execCmd() *command {
	var o execFlags
	return &command{
		name: "exec", usage: "[flags] <container-id> [command [args...]]", minArgs: 1, maxArgs: -1, stopAtArg: true,
		short: "run a new process in a running container",
		flags: func(f *pflag.FlagSet) { o.register(f) },
		run: func(g *globals, args []string) error {
			return execIn(g, args[0], args[1:], &o)
		},
	}
}

func (o *execFlags) register(f *pflag.FlagSet) {
	f.StringVarP(&o.process, "process", "p", "", "path to a process.json (runtime-spec process)")
	f.StringVar(&o.consoleSocket, "console-socket", "", "unix socket that receives the pty master")
	f.StringVar(&o.pidFile, "pid-file", "", "file to write the process's pid to")
	f.StringVar(&o.cwd, "cwd", "", "working directory in the container")
	f.StringVarP(&o.user, "user", "u", "", "UID[:GID]")
	f.UintSliceVarP(&o.additionalGids, "additional-gids", "g", nil, "additional gids")
	f.StringArrayVarP(&o.env, "env", "e", nil, "set an environment variable (KEY=VALUE)")
	f.StringArrayVarP(&o.caps, "cap", "c", nil, "add a capability")
	f.BoolVarP(&o.tty, "tty", "t", false, "allocate a pty")
	f.BoolVarP(&o.detach, "detach", "d", false, "do not wait for the process")
	f.BoolVar(&o.noNewPrivs, "no-new-privs", false, "set no_new_privs")
	f.BoolVar(&o.ignorePaused, "ignore-paused", false, "accepted; exec into a paused container is refused")
	f.StringVar(&o.processLabel, "process-label", "", "SELinux label (not supported: only empty)")
	f.StringVar(&o.apparmor, "apparmor", "", "AppArmor profile (not supported: only empty)")
	f.IntVar(&o.preserveFDs, "preserve-fds", 0, "extra fds to pass (only 0 is supported)")
}

// execIn is runc exec: the process from --process or from the container's
// own process with the flags applied; in the foreground it waits and
// returns the process's exit code.
func execIn(g *globals, id string, args []string, o *execFlags) error {
	_, c, err := loadContainer(g, id)
	if err != nil {
		return err
	}
	p, err := o.processFor(c, args)
	if err != nil {
		return err
	}
	if err := checkTerminal(p, o.consoleSocket, o.detach); err != nil {
		return err
	}
	var console func(*os.File) error
	var t *tty
	switch {
	case o.consoleSocket != "":
		console = runtime.ConsoleSocket(o.consoleSocket)
	case p.Terminal:
		t = newTTY()
		console = t.set
	}
	sigs := make(chan os.Signal, 32)
	if !o.detach {
		signal.Notify(sigs)
	}
	proc, err := c.Exec(p, stdio(), console)
	if err != nil {
		return err
	}
	if o.pidFile != "" {
		if err := atomicfile.WriteFile(o.pidFile, []byte(strconv.Itoa(proc.Pid())), 0o644); err != nil {
			return fmt.Errorf("pid file: %w", err)
		}
	}
	if o.detach {
		return nil
	}
	go forwardTo(proc.Signal, t, sigs)
	st, err := proc.Wait()
	signal.Stop(sigs)
	t.finish()
	if err != nil {
		return err
	}
	return exitCode(st.Code)
}

// processFor builds the process to exec.
func (o *execFlags) processFor(c runtime.Container, args []string) (*specs.Process, error) {
	switch {
	case o.preserveFDs != 0:
		return nil, fmt.Errorf("--preserve-fds %d: passing extra fds is not supported by tent-runc", o.preserveFDs)
	case o.processLabel != "":
		return nil, fmt.Errorf("--process-label %q: SELinux is not supported by tent-runc", o.processLabel)
	case o.apparmor != "":
		return nil, fmt.Errorf("--apparmor %q: AppArmor is not supported by tent-runc", o.apparmor)
	}
	if o.process != "" {
		return readProcess(o.process)
	}
	if len(args) == 0 {
		return nil, &usageError{"exec: args must not be empty (or give --process)"}
	}
	spec, err := readSpec(c.Bundle())
	if err != nil {
		return nil, err
	}
	return o.apply(spec.Process, args)
}

func readProcess(path string) (*specs.Process, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read process: %w", err)
	}
	var p specs.Process
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("process %s: %w", path, err)
	}
	return &p, nil
}
