package engine

import (
	"errors"
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/image"
)

// SpecContext is everything Spec needs beyond the image and the flags. The
// caller gathers it (files, env, limits); Spec itself does no I/O.
type SpecContext struct {
	ID        string // 64 hex; the hostname defaults to its first 12
	RootfsDir string // Spec.Root.Path (absolute, or relative to the bundle)
	Files     Files  // host paths bind-mounted at /etc/{hostname,hosts,resolv.conf}
	NetnsPath string // network namespace to join; "" makes a new one
	// Passwd and Group are the image's /etc/passwd and /etc/group (nil: absent).
	Passwd, Group []byte
	// LookupEnv resolves `-e K` (no value) from tent's environment; nil: not set.
	LookupEnv func(string) (string, bool)
	// EnvFile holds the lines read from --env-file files, in order.
	EnvFile []string
	// InitPath is the host path of the static tent binary, bound at InitTarget with --init.
	InitPath string
	// NofileHard is tent's own hard RLIMIT_NOFILE: the container cannot go above it.
	NofileHard uint64
	// CgroupsPath is Linux.CgroupsPath, e.g. /tent/<id>.
	CgroupsPath string
}

// Files are the container's generated /etc files on the host.
type Files struct {
	Hostname, Hosts, Resolv string
}

// InitTarget is where --init binds tent's reaper inside the container:
// /dev is a fresh tmpfs, so the target can always be made, even with --read-only.
const InitTarget = "/dev/init"

// ReaperArg is argv[1] of tent when it runs as the --init reaper.
const ReaperArg = "__tent_reaper"

// ErrNoCommand is returned when neither the image nor the flags give a command.
var ErrNoCommand = errors.New("no command specified")

// Spec builds the OCI runtime spec of a container from its image's config and
// the run options. It is pure: same inputs, same spec, no I/O.
func Spec(img *image.Image, o RunOptions, c SpecContext) (*specs.Spec, error) {
	if img == nil {
		return nil, errors.New("spec: no image")
	}
	if err := checkResources(o); err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	proc, err := process(img, o, c)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	mounts, err := mounts(o, c)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	hostname := o.Hostname
	if hostname == "" && len(c.ID) >= 12 {
		hostname = c.ID[:12]
	}
	s := &specs.Spec{
		Version:  specs.Version,
		Process:  proc,
		Root:     &specs.Root{Path: c.RootfsDir, Readonly: o.ReadOnly},
		Hostname: hostname,
		Mounts:   mounts,
		Linux:    linux(o, c),
	}
	return s, nil
}

// process is the container's user process: argv, env, cwd, user, caps, rlimits.
func process(img *image.Image, o RunOptions, c SpecContext) (*specs.Process, error) {
	args, err := command(img.Config.Config.Entrypoint, img.Config.Config.Cmd, o)
	if err != nil {
		return nil, err
	}
	if o.Init {
		args = append([]string{InitTarget, ReaperArg, "--"}, args...)
	}
	user, home, err := resolveUser(firstNonEmpty(o.User, img.Config.Config.User), c.Passwd, c.Group)
	if err != nil {
		return nil, err
	}
	env, err := environment(img.Config.Config.Env, o, c, home)
	if err != nil {
		return nil, err
	}
	caps := defaultCaps()
	return &specs.Process{
		Terminal: o.TTY,
		User:     user,
		Args:     args,
		Env:      env,
		Cwd:      firstNonEmpty(o.Workdir, img.Config.Config.WorkingDir, "/"),
		Capabilities: &specs.LinuxCapabilities{
			Bounding: caps, Effective: caps, Permitted: caps,
		},
		Rlimits:         []specs.POSIXRlimit{nofile(c.NofileHard)},
		NoNewPrivileges: false, // Docker's default
	}, nil
}

// command applies Docker's rules: --entrypoint replaces the image's
// entrypoint and drops its Cmd; args after the image replace Cmd.
func command(entrypoint, cmd []string, o RunOptions) ([]string, error) {
	if o.Entrypoint != nil {
		entrypoint, cmd = nil, nil
		if ep := *o.Entrypoint; len(ep) > 0 && !(len(ep) == 1 && ep[0] == "") {
			entrypoint = ep
		}
	}
	if len(o.Cmd) > 0 {
		cmd = o.Cmd
	}
	args := append(append([]string{}, entrypoint...), cmd...)
	if len(args) == 0 {
		return nil, ErrNoCommand
	}
	return args, nil
}

// nofile is Docker's RLIMIT_NOFILE (1048576), capped at what tent may grant.
func nofile(hard uint64) specs.POSIXRlimit {
	n := uint64(1048576)
	if hard > 0 && hard < n {
		n = hard
	}
	return specs.POSIXRlimit{Type: "RLIMIT_NOFILE", Hard: n, Soft: n}
}

// defaultCaps is Docker's default capability set.
func defaultCaps() []string {
	return []string{
		"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
		"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
		"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
