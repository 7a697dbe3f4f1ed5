package spec

import specs "github.com/opencontainers/runtime-spec/specs-go"

// Option sets one input of New or Default. Options may come in any order:
// the spec is built once, from all of them.
type Option func(*options)

type options struct {
	rootPath    string
	readonly    bool
	hostname    string
	entrypoint  *[]string
	cmd         []string
	env         []string // -e, applied after envFile
	envFile     []string
	lookupEnv   func(string) (string, bool)
	workdir     string
	user        string
	users       UserDB
	terminal    bool
	volumes     []string
	mountPoints []MountPoint
	etc         EtcFiles
	initPath    string
	initArgs    []string
	nsPaths     map[specs.LinuxNamespaceType]string
	hostNS      map[specs.LinuxNamespaceType]bool
	resources   Resources
	nofileHard  uint64
	cgroupsPath string
	noCmdOK     bool // Default: a spec without args is fine

	capAdd, capDrop []string
	privileged      bool
	hostCaps        []string
	hostDevices     []specs.LinuxDevice
	securityOpts    []string
	seccomp         SeccompProfiles
	hostMasks       []string

	x extras // hostconfig.go, limits.go
}

func collect(opts []Option) options {
	o := options{rootPath: "rootfs"}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithRootPath sets Root.Path: absolute, or relative to the bundle
// (default "rootfs").
func WithRootPath(path string) Option { return func(o *options) { o.rootPath = path } }

// WithReadonlyRootfs mounts the root filesystem read-only (--read-only).
func WithReadonlyRootfs(ro bool) Option { return func(o *options) { o.readonly = ro } }

// WithHostname sets the hostname and HOSTNAME (-h; the engine passes the
// short id when -h is not given).
func WithHostname(h string) Option { return func(o *options) { o.hostname = h } }

// WithEntrypoint replaces the image's entrypoint and drops its Cmd
// (--entrypoint); no args, or one empty arg, clears the entrypoint.
func WithEntrypoint(ep ...string) Option {
	return func(o *options) { e := append([]string{}, ep...); o.entrypoint = &e }
}

// WithCmd replaces the image's Cmd (the args after the image).
func WithCmd(args ...string) Option { return func(o *options) { o.cmd = args } }

// WithEnv adds -e variables: K=V, or K to take from WithLookupEnv (dropped
// when unset there). They win over the image's and WithEnvFile's.
func WithEnv(env ...string) Option { return func(o *options) { o.env = append(o.env, env...) } }

// WithEnvFile adds --env-file lines (see ParseEnvFile), applied before -e.
func WithEnvFile(lines ...string) Option {
	return func(o *options) { o.envFile = append(o.envFile, lines...) }
}

// WithLookupEnv resolves `-e K` (no value), e.g. os.LookupEnv.
func WithLookupEnv(f func(string) (string, bool)) Option {
	return func(o *options) { o.lookupEnv = f }
}

// WithWorkdir sets the process's cwd (-w), over the image's WorkingDir.
func WithWorkdir(dir string) Option { return func(o *options) { o.workdir = dir } }

// WithUser sets the user (-u uid[:gid] | name[:group]), over the image's.
// Names are resolved against WithUserDB.
func WithUser(user string) Option { return func(o *options) { o.user = user } }

// WithUserDB gives the image's /etc/passwd and /etc/group (see ReadUserDB).
func WithUserDB(db UserDB) Option { return func(o *options) { o.users = db } }

// WithTerminal gives the process a terminal (-t): also TERM=xterm.
func WithTerminal(t bool) Option { return func(o *options) { o.terminal = t } }

// WithVolumes adds -v /host:/container[:ro|rw] binds (see ParseVolume).
func WithVolumes(v ...string) Option { return func(o *options) { o.volumes = append(o.volumes, v...) } }

// WithMountPoints adds resolved mount points (-v, --mount, --tmpfs, the
// image's volumes): a bind or volume's Source is its host path.
func WithMountPoints(m ...MountPoint) Option {
	return func(o *options) { o.mountPoints = append(o.mountPoints, m...) }
}

// EtcFiles are the host files bind-mounted at /etc/hostname, /etc/hosts
// and /etc/resolv.conf ("": not mounted).
type EtcFiles struct {
	Hostname, Hosts, Resolv string
}

// WithEtcFiles binds the container's generated /etc files.
func WithEtcFiles(f EtcFiles) Option { return func(o *options) { o.etc = f } }

// WithInit runs the process under an init (--init): the host binary path
// is bound read-only at InitTarget, and the args become
// InitTarget, initArgs..., "--", the command.
func WithInit(path string, initArgs ...string) Option {
	return func(o *options) { o.initPath, o.initArgs = path, initArgs }
}

// WithNamespace makes the container join the namespace at path instead of
// a new one (a netns made by the network code, another container's).
func WithNamespace(t specs.LinuxNamespaceType, path string) Option {
	return func(o *options) {
		if o.nsPaths == nil {
			o.nsPaths = map[specs.LinuxNamespaceType]string{}
		}
		o.nsPaths[t] = path
	}
}

// WithoutNamespace leaves the container in the host's namespace of type t
// (--network host).
func WithoutNamespace(t specs.LinuxNamespaceType) Option {
	return func(o *options) {
		if o.hostNS == nil {
			o.hostNS = map[specs.LinuxNamespaceType]bool{}
		}
		o.hostNS[t] = true
	}
}

// WithResources sets the cgroup limits (checked by New, see Resources.Validate).
func WithResources(r Resources) Option { return func(o *options) { o.resources = r } }

// WithNofileLimit caps RLIMIT_NOFILE (Docker's 1048576) at hard, the
// caller's own hard limit, which the container cannot go above (0: no cap).
func WithNofileLimit(hard uint64) Option { return func(o *options) { o.nofileHard = hard } }

// WithCgroupsPath sets Linux.CgroupsPath.
func WithCgroupsPath(p string) Option { return func(o *options) { o.cgroupsPath = p } }
