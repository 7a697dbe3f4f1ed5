package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/trace"

	"github.com/tent-dev/tent/internal/earlymon"
	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/spec"
)

// runFlags are the flags whose values need conversion into RunOptions.
type runFlags struct {
	entrypoint  string
	memory      string
	memorySwap  string
	stopTimeout int
	hostFlags          // run_host.go
	trace       string // "", "text" (the waterfall) or "json"
}

func newRunCmd() *cobra.Command {
	var o engine.RunOptions
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
		Short: "Run a command in a new container",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.apply(cmd.Flags(), &o); err != nil {
				return exitcode.New(exitcode.Engine, err)
			}
			o.Image, o.Cmd = args[0], args[1:]
			return runContainer(cmd.Context(), o, f.trace)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return exitcode.New(exitcode.Engine, err)
	})
	addRunFlags(cmd.Flags(), &o, &f)
	return cmd
}

// runContainer is one engine call; a container's non-zero code ends tent
// with it. With --trace the steps go to stderr once the run is over (with
// -d: once the container runs).
func runContainer(ctx context.Context, o engine.RunOptions, traceFormat string) error {
	if !o.Detach {
		earlymon.Discard() // started early for a -d that was not one
	}
	defer earlymon.Discard() // not taken: the run failed before its start
	if o.Trace {
		o.Tracer = trace.New(nil) // from here: the open is a step too
		defer func() { printTrace(traceFormat, "tent run --trace", o.Tracer) }()
	}
	t := o.Tracer.Start()
	e, err := engine.New(g.root, g.state, engineOptions()...)
	if err != nil {
		return exitcode.New(exitcode.Engine, err)
	}
	e.Pull = pullWithHelper // an image missing from the store
	o.Tracer.End("open stores", t)
	if ctx == nil {
		ctx = context.Background()
	}
	if o.Detach {
		id, err := e.RunDetached(ctx, o)
		if err != nil {
			return exitcode.Default(err, exitcode.Engine)
		}
		fmt.Println(id)
		return nil
	}
	stdio := engine.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	run := e.Run
	if engine.Attachable(o, stdio) {
		run = e.RunAttached // under a monitor: the detach keys leave it running
	}
	code, err := run(ctx, o, stdio)
	if err != nil {
		return exitcode.Default(err, exitcode.Engine)
	}
	if code != 0 {
		printTrace(traceFormat, "tent run --trace", o.Tracer)
		os.Exit(code) // the command's own code, nothing to print
	}
	return nil
}

// printTrace writes the tracer's steps to stderr as a waterfall or JSON
// lines; nothing when tr is off.
func printTrace(format, title string, tr *trace.Tracer) {
	if tr.On() {
		_ = trace.Write(os.Stderr, format, title, tr.Steps())
	}
}

func addRunFlags(fs *pflag.FlagSet, o *engine.RunOptions, f *runFlags) {
	fs.SetInterspersed(false) // flags stop at the image: `tent run img ls -l`
	fs.Bool("help", false, "help for run")
	fs.BoolVarP(&o.Detach, "detach", "d", false, "run in the background and print the container id")
	fs.BoolVarP(&o.Interactive, "interactive", "i", false, "keep stdin open")
	stringArrayVarP(fs, &o.Attach, "attach", "a", "show only these streams: STDIN, STDOUT, STDERR (not with -d)")
	fs.StringVar(&o.DetachKeys, "detach-keys", "", "with -it, run under a monitor; these keys (e.g. ctrl-p,ctrl-q) detach and leave the container running")
	fs.BoolVarP(&o.TTY, "tty", "t", false, "allocate a pseudo-terminal")
	fs.BoolVar(&o.Rm, "rm", false, "remove the container when it exits")
	fs.StringVar(&o.Name, "name", "", "container name")
	stringArrayVarP(fs, &o.Env, "env", "e", "set an environment variable (K=V, or K from tent's env)")
	stringArrayVar(fs, &o.EnvFiles, "env-file", "read environment variables from a file")
	fs.StringVarP(&o.Workdir, "workdir", "w", "", "working directory inside the container")
	fs.StringVarP(&o.User, "user", "u", "", "user: uid[:gid] or name[:group]")
	fs.StringVar(&f.entrypoint, "entrypoint", "", "override the image's entrypoint")
	fs.StringVarP(&o.Hostname, "hostname", "h", "", "container hostname (default: the short id)")
	fs.BoolVar(&o.ReadOnly, "read-only", false, "mount the root filesystem read-only")
	stringArrayVarP(fs, &o.Volumes, "volume", "v", "bind mount /host:/container[:ro], a volume name:/container, or /container (anonymous volume)")
	stringArrayVar(fs, &o.Mounts, "mount", "mount: type=bind|volume|tmpfs,source=,target=[,readonly][,bind-propagation=][,volume-nocopy][,tmpfs-size=][,tmpfs-mode=]")
	stringArrayVar(fs, &o.Tmpfs, "tmpfs", "mount a tmpfs: /path[:options]")
	stringArrayVar(fs, &o.VolumesFrom, "volumes-from", "mount the volumes of a container: CONTAINER[:ro|rw]")
	fs.BoolVar(&o.Init, "init", false, "run a tiny init as PID 1 that forwards signals and reaps zombies")
	fs.StringVar(&o.Network, "network", "", "network: bridge (default), none, host or a network name")
	stringArrayVarP(fs, &o.Ports, "publish", "p", "publish a port: [ip:][hostPort:]containerPort[/proto]")
	fs.BoolVarP(&o.PublishAll, "publish-all", "P", false, "publish every exposed port to a random host port")
	fs.StringVarP(&f.memory, "memory", "m", "", "memory limit (b, k, m, g)")
	fs.StringVar(&f.memorySwap, "memory-swap", "", "memory plus swap limit (-1: unlimited swap)")
	fs.Float64Var(&o.CPUs, "cpus", 0, "number of CPUs")
	fs.Uint64VarP(&o.CPUShares, "cpu-shares", "c", 0, "CPU shares (relative weight)")
	fs.Int64Var(&o.PidsLimit, "pids-limit", 0, "maximum number of processes (-1: unlimited)")
	fs.StringVar(&o.Restart, "restart", "no", "restart policy: no, on-failure[:N], always, unless-stopped")
	stringArrayVar(fs, &o.LogOpts, "log-opt", "json-file log option: max-size=10m, max-file=3")
	fs.StringVar(&o.StopSignal, "stop-signal", "", "signal to stop the container")
	fs.IntVar(&f.stopTimeout, "stop-timeout", 0, "seconds to wait before killing the container on stop")
	fs.StringVar(&o.HealthCmd, "health-cmd", "", "command to check health")
	fs.StringVar(&o.HealthInterval, "health-interval", "", "time between health checks")
	fs.StringVar(&o.HealthTimeout, "health-timeout", "", "maximum time a health check may take")
	fs.IntVar(&o.HealthRetries, "health-retries", 0, "failures in a row to be unhealthy")
	fs.BoolVar(&o.NoHealthcheck, "no-healthcheck", false, "disable the image's health check")
	stringArrayVar(fs, &o.CapAdd, "cap-add", "add a capability (NET_ADMIN, CAP_SYS_TIME, ALL)")
	stringArrayVar(fs, &o.CapDrop, "cap-drop", "drop a capability (MKNOD, ALL)")
	fs.BoolVar(&o.Privileged, "privileged", false, "all capabilities, no seccomp, all devices, no masked paths")
	stringArrayVar(fs, &o.SecurityOpt, "security-opt", "no-new-privileges, seccomp=unconfined|PATH.json")
	addHostRunFlags(fs, o, &f.hostFlags)
	fs.StringVar(&f.trace, "trace", "", "print every step of the run as a waterfall on stderr (--trace=json: JSON lines)")
	fs.Lookup("trace").NoOptDefVal = "text"
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "net" {
			name = "network"
		}
		return pflag.NormalizedName(name)
	})
}

// apply converts the flags that are not stored as typed.
func (f *runFlags) apply(fs *pflag.FlagSet, o *engine.RunOptions) error {
	if o.Rm && o.Restart != "" && o.Restart != "no" {
		return fmt.Errorf("conflicting options: --restart and --rm")
	}
	switch f.trace {
	case "", "text", "json":
		o.Trace = f.trace != ""
	default:
		return fmt.Errorf("--trace=%s: want --trace or --trace=json", f.trace)
	}
	if fs.Changed("entrypoint") {
		ep := []string{f.entrypoint}
		o.Entrypoint = &ep
	}
	if fs.Changed("stop-timeout") {
		o.StopTimeout = &f.stopTimeout
	}
	var err error
	if o.SecurityOpt, err = spec.ResolveSecurityOpts(o.SecurityOpt, os.ReadFile); err != nil {
		return err
	}
	if err := f.hostFlags.apply(fs, o); err != nil {
		return err
	}
	if o.Memory, err = spec.ParseBytes(f.memory); err != nil {
		return fmt.Errorf("invalid --memory: %w", err)
	}
	if f.memorySwap == "-1" {
		o.MemorySwap = -1
	} else if o.MemorySwap, err = spec.ParseBytes(f.memorySwap); err != nil {
		return fmt.Errorf("invalid --memory-swap: %w", err)
	}
	return nil
}
