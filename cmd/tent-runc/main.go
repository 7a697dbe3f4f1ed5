package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/runtime"
	"github.com/tent-dev/tent/runtime/cgroups/devices"
	"github.com/tent-dev/tent/runtime/seccomp"
)

// defaultRoot is runc's /run/runc for tent-runc: podman passes no --root.
const defaultRoot = "/run/tent-runc"

// cgroupParent holds the cgroups of containers whose spec names none: not
// tent's /tent, so that a tent-runc delete of an id never touches a
// container of tent's own.
const cgroupParent = "/tent-runc"

// globals are runc's global flags.
type globals struct {
	root          string
	logPath       string
	logFormat     string
	debug         bool
	systemdCgroup bool
	criu          string
	rootless      string
	log           *logger
	early         *early // the init main cloned for `run` (run_early.go)
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == runtime.InitArg {
		// The container's init when tent-init is not installed beside us.
		err := runtime.Init()
		fmt.Fprintf(os.Stderr, "tent-runc: container init: %v\n", err)
		os.Exit(127)
	}
	e := spawnEarly(os.Args[1:])
	code := runWith(&globals{early: e}, os.Args[1:], os.Stdout, os.Stderr)
	e.abort()
	os.Exit(code)
}

func commands() []*command {
	return []*command{createCmd(), startCmd(), runCmd(), stateCmd(), killCmd(), deleteCmd(), execCmd(),
		psCmd(), listCmd(), pauseCmd(), resumeCmd(), updateCmd(), eventsCmd(), featuresCmd(), specCmd(),
		checkpointCmd(), restoreCmd()}
}

func globalFlags(g *globals) *pflag.FlagSet {
	fs := pflag.NewFlagSet("tent-runc", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SetInterspersed(false) // the first argument names the command
	fs.StringVar(&g.root, "root", defaultRoot, "root directory for storage of container state (tmpfs)")
	fs.StringVar(&g.logPath, "log", "", "log file (default stderr)")
	fs.StringVar(&g.logFormat, "log-format", "text", "log format: text or json")
	fs.BoolVar(&g.debug, "debug", false, "log the runtime's decisions at debug level")
	fs.BoolVar(&g.systemdCgroup, "systemd-cgroup", false, "accepted; the systemd cgroup driver is refused (tent manages cgroupfs)")
	fs.StringVar(&g.criu, "criu", "criu", "accepted; checkpoint and restore are not supported")
	fs.StringVar(&g.rootless, "rootless", "auto", "auto or false (rootless containers are not supported)")
	fs.BoolP("version", "v", false, "print the version")
	fs.BoolP("help", "h", false, "show help")
	return fs
}

// run parses the global flags, then runs the command; it returns the
// exit code: the container's for run and exec, 1 for an error (runc's).
func run(args []string, stdout, stderr io.Writer) int {
	return runWith(&globals{}, args, stdout, stderr)
}

// runWith is run with g's fields other than the flags already set.
func runWith(g *globals, args []string, stdout, stderr io.Writer) int {
	fs := globalFlags(g)
	cmds := commands()
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "tent-runc: %v\n", err)
		return 1
	}
	if v, _ := fs.GetBool("version"); v {
		fmt.Fprint(stdout, versionText())
		return 0
	}
	rest := fs.Args()
	if h, _ := fs.GetBool("help"); h || len(rest) == 0 || rest[0] == "help" {
		fmt.Fprint(stdout, mainHelp(cmds, fs))
		return 0
	}
	log, err := newLogger(g.logPath, g.logFormat, g.debug, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "tent-runc: %v\n", err)
		return 1
	}
	defer log.close()
	g.log = log
	err = dispatch(g, cmds, rest, stdout)
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, find(cmds, rest[0]).helpText())
		return 0
	}
	if err == nil {
		return 0
	}
	var ec exitCode
	if errors.As(err, &ec) {
		return int(ec) // the container's: nothing to say
	}
	log.errorf("%v", err)
	if c, ok := exitcode.From(err); ok {
		return c
	}
	return 1
}

// exitCode is the exit code of the container's process (run, exec), to
// be tent-runc's own.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func dispatch(g *globals, cmds []*command, args []string, stdout io.Writer) error {
	c := find(cmds, args[0])
	if c == nil {
		return &usageError{fmt.Sprintf("no such command %q", args[0])}
	}
	if err := g.check(); err != nil {
		return err
	}
	rest, err := c.parse(args[1:])
	if err != nil {
		return err
	}
	return c.run(g, rest)
}

// check refuses global settings tent-runc cannot honour.
func (g *globals) check() error {
	switch g.logFormat {
	case "text", "json":
	default:
		return fmt.Errorf("unknown log-format %q (text or json)", g.logFormat)
	}
	switch g.rootless {
	case "auto", "false":
	case "true":
		return errors.New("--rootless=true: rootless containers are not supported by tent-runc")
	default:
		return fmt.Errorf("--rootless %q: auto, true or false", g.rootless)
	}
	if g.systemdCgroup && !systemdRunning() {
		return errors.New("systemd cgroup flag passed, but systemd support for managing cgroups is not available: systemd is not running")
	}
	return nil
}

func systemdRunning() bool {
	fi, err := os.Lstat("/run/systemd/system")
	return err == nil && fi.IsDir()
}

// runtime opens tent's runtime on --root, with the seccomp compiler (its
// cache in <root>/.seccomp), the v2 device filter, and its warnings (a
// failed poststop hook) logged at level warning, as runc logs them.
func (g *globals) runtime() (*runtime.Runtime, error) {
	opts := []runtime.Option{
		runtime.WithSeccompCompiler(seccomp.NewCache(filepath.Join(g.root, ".seccomp"))),
		runtime.WithDeviceFilter(devices.Filter{}),
		runtime.WithCgroupParent(cgroupParent),
		runtime.WithWarner(g.log.warnf),
	}
	if g.debug {
		opts = append(opts, runtime.WithLogger(g.log))
	}
	return runtime.New(g.root, opts...)
}
