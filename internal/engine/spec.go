package engine

import (
	"errors"
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/rootfs"
)

// SpecContext is everything Spec needs beyond the image and the flags. The
// caller gathers it (files, env, limits); Spec itself does no I/O.
type SpecContext struct {
	ID        string // 64 hex; the hostname defaults to its first 12
	RootfsDir string // Spec.Root.Path (absolute, or relative to the bundle)
	Files     Files  // host paths bind-mounted at /etc/{hostname,hosts,resolv.conf}
	NetnsPath string // network namespace to join; "" makes a new one
	// Users are the image's /etc/passwd and /etc/group (see spec.ReadUserDB).
	Users spec.UserDB
	// LookupEnv resolves `-e K` (no value) from tent's environment; nil: not set.
	LookupEnv func(string) (string, bool)
	// EnvFile holds the lines read from --env-file files, in order.
	EnvFile []string
	// InitPath is the host path of the static tent binary, bound at spec.InitTarget with --init.
	InitPath string
	// NofileHard is tent's own hard RLIMIT_NOFILE: the container cannot go above it.
	NofileHard uint64
	// CgroupsPath is Linux.CgroupsPath, e.g. /tent/<id>.
	CgroupsPath string
	// HostCapabilities is what "all capabilities" means (--privileged,
	// --cap-add ALL): tent's bounding set; nil: every known one.
	HostCapabilities []string
	// HostDevices are the host's device nodes, for --privileged.
	HostDevices []specs.LinuxDevice
	// HostMaskedPaths are masked after Docker's fixed list: the host's
	// per-CPU thermal_throttle dirs (thermalThrottleMasks).
	HostMaskedPaths []string
	// Mounts are the container's resolved mount points (its record's Mounts).
	Mounts []spec.MountPoint
	// SeccompProfiles resolves the seccomp profile; nil: runtime/seccomp's.
	SeccompProfiles spec.SeccompProfiles
	// Devices are the --device nodes as found on the host (hostDeviceNodes).
	Devices []spec.Device
	// HostHostname is the host's name, HOSTNAME with --uts host.
	HostHostname string
}

// Files are the container's generated /etc files on the host.
type Files = spec.EtcFiles

// ReaperArg is argv[1] of tent when it runs as the --init reaper.
const ReaperArg = "__tent_reaper"

// Spec builds the OCI runtime spec of a container from its image's config and
// the run options (package spec). It is pure: same inputs, same spec, no I/O.
func Spec(img *image.Image, o RunOptions, c SpecContext) (*specs.Spec, error) {
	if img == nil {
		return nil, errors.New("spec: no image")
	}
	if o.Init && c.InitPath == "" {
		return nil, errors.New("spec: --init: no path to tent's binary")
	}
	return spec.New(img.Config.Config, specOptions(o, c)...)
}

// specOptions are the spec package's options for the run options.
func specOptions(o RunOptions, c SpecContext) []spec.Option {
	opts := []spec.Option{
		spec.WithRootPath(c.RootfsDir), spec.WithReadonlyRootfs(o.ReadOnly), spec.WithHostname(firstNonEmpty(c.HostHostname, hostnameOf(o, c.ID))),
		spec.WithCmd(o.Cmd...), spec.WithWorkdir(o.Workdir), spec.WithUser(o.User), spec.WithUserDB(c.Users),
		spec.WithEnvFile(c.EnvFile...), spec.WithEnv(o.Env...), spec.WithLookupEnv(c.LookupEnv),
		spec.WithTerminal(o.TTY), spec.WithEtcFiles(c.Files), spec.WithMountPoints(c.Mounts...),
		netnsOption(o, c.NetnsPath), spec.WithResources(resourcesOf(o)),
		spec.WithNofileLimit(c.NofileHard), spec.WithCgroupsPath(c.CgroupsPath),
		spec.WithHostMaskedPaths(c.HostMaskedPaths...),
	}
	opts = append(opts, securityOptions(o, c)...)
	opts = append(opts, hostSpecOptions(o, c)...)
	if o.Entrypoint != nil {
		opts = append(opts, spec.WithEntrypoint(*o.Entrypoint...))
	}
	if o.Init {
		opts = append(opts, spec.WithInit(c.InitPath, ReaperArg))
	}
	return opts
}

// netnsOption: --network host keeps the host's network namespace; any
// other joins path ("": a new one).
func netnsOption(o RunOptions, path string) spec.Option {
	if o.Network == "host" {
		return spec.WithoutNamespace(specs.NetworkNamespace)
	}
	return spec.WithNamespace(specs.NetworkNamespace, path)
}

// resourcesOf are the run options' cgroup limits.
func resourcesOf(o RunOptions) spec.Resources {
	return spec.Resources{Memory: o.Memory, MemorySwap: o.MemorySwap, CPUs: o.CPUs, CPUShares: o.CPUShares, PidsLimit: o.PidsLimit,
		CPUQuota: o.CPUQuota, CPUPeriod: o.CPUPeriod, CpusetCpus: o.CpusetCpus, CpusetMems: o.CpusetMems,
		MemoryReservation: o.MemoryReservation}
}

// layerFiles reads the image's files straight from its unpacked layers
// (rootfs.ReadFileFromLayers: no mount, symlinks resolved inside the
// merged view, never out of it).
type layerFiles []string

func (l layerFiles) ReadFile(path string) ([]byte, error) { return rootfs.ReadFileFromLayers(l, path) }

// containerFiles reads the files of the running container whose init is
// pid, from the host: resolved inside its root, regular files only, size
// capped (rootfs.ReadFileInRoot), so a hostile /etc/passwd (a symlink to
// a host file, /dev/zero, a FIFO) can neither leak, exhaust nor hang tent.
func containerFiles(pid int) spec.FileReaderFunc {
	root := "/proc/" + strconv.Itoa(pid) + "/root"
	return func(p string) ([]byte, error) { return rootfs.ReadFileInRoot(root, p) }
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func shortID(id string) string {
	if len(id) < 12 {
		return id
	}
	return id[:12]
}
