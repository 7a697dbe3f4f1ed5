package engine

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/network"
	"github.com/tent-dev/tent/runtime"
	cgdevices "github.com/tent-dev/tent/runtime/cgroups/devices"
	"github.com/tent-dev/tent/runtime/seccomp"
)

// Engine ties tent's parts together under two dirs, a data root and a
// state root (see package layout).
type Engine struct {
	Layout     layout.Layout
	Images     *image.Store
	Containers *container.Store
	Runtime    Runtime // *runtime.Runtime
	Network    Network // *network.Manager
	// Pull brings a missing image into the store for run and create,
	// writing progress to w; nil: those fail. tent sets it to run
	// tent-image pull, so that tent does not link the registry client.
	Pull func(ctx context.Context, ref string, w io.Writer) error
	// spawnMonitor starts a detached container's monitor (tent run -d,
	// tent start); nil: monitor.Spawn. Tests replace it.
	spawnMonitorFn func(exe string, args []string, logPath string) (pid int, err error)
	// adoptFn starts the monitor of a run -d that this process starts
	// (startDetached); nil: monitor.SpawnAdopting. Tests replace it.
	adoptFn func(exe string, args []string, logPath string, ahead *monitor.InitCommand) (adopter, error)

	vols      volumeStore    // opened on first use (volumes.go)
	seccomp   *seccomp.Cache // compiled programs, also the runtime's compiler
	loggers   Loggers        // each library's debug logger (WithLoggers)
	imageOpts []image.Option // more image store options (WithImageOptions)
	log       debuglog.Log   // the engine's own
}

// Loggers gives a library its debug logger by name ("engine", "image",
// "network", "runtime", "monitor"); a nil result: it logs nothing.
type Loggers func(pkg string) debuglog.Logger

// logger is the Logger for pkg, nil without WithLoggers.
func (f Loggers) logger(pkg string) debuglog.Logger {
	if f == nil {
		return nil
	}
	return f(pkg)
}

// Option configures New.
type Option func(*Engine)

// WithLoggers hands each library the debug logger f gives for its name
// (main: logrus at --log-level debug); without it nothing logs.
func WithLoggers(f Loggers) Option { return func(e *Engine) { e.loggers = f } }

// WithImageOptions adds options to the image store's (tent-image gives
// image.WithDecompressor: its engine commits and builds images).
func WithImageOptions(opts ...image.Option) Option {
	return func(e *Engine) { e.imageOpts = append(e.imageOpts, opts...) }
}

// Runtime is what the engine asks of the container runtime, by container
// id. *runtime.Runtime is the implementation; tests use a fake.
type Runtime interface {
	// Spawn clones an init ahead of Create (see runtime.Runtime.Spawn).
	Spawn(o runtime.SpawnOpts) (*runtime.Spawned, error)
	// InitCommandFor is the init Spawn(o) would have o.CloneBy clone.
	InitCommandFor(o runtime.SpawnOpts) (runtime.InitCommand, error)
	Create(id string, o runtime.CreateOpts) (runtime.Container, error)
	Load(id string) (runtime.Container, error)
	// List is the ids with runtime state.
	List() ([]string, error)
	CgroupPath(id string) string
	CgroupExists(id string) bool
	Stats(id string) (*runtime.Stats, error)
	Pids(id string) ([]int, error)
	OOMKilled(id string) (bool, error)
	RemoveCgroup(id string) error
	// CgroupVersion is the host's: 1 (also hybrid) or 2.
	CgroupVersion() (int, error)
}

// Network is what the engine asks of container networking.
// *network.Manager is the implementation; tests use a fake.
type Network interface {
	// Attach makes the container's netns, veth, address and port rules.
	Attach(ctx context.Context, o network.AttachOpts) (*network.Attachment, error)
	// Detach undoes Attach; a container without an attachment is no error.
	Detach(containerID string) error
	// Lookup is the container's attachment as the network store keeps it.
	Lookup(containerID string) (*network.Attachment, error)
}

// lingerer keeps files open past this process's exit (runtime.Linger):
// the network's nftables socket, whose close after a delete waits for the
// kernel (network.WithLinger).
type lingerer interface {
	Linger(files ...*os.File) error
}

var (
	_ Runtime  = (*runtime.Runtime)(nil)
	_ lingerer = (*runtime.Runtime)(nil)
	_ Network  = (*network.Manager)(nil)
)

// New opens every store under root and state.
func New(root, state string, opts ...Option) (*Engine, error) {
	e, err := OpenContainers(root, state, opts...)
	if err != nil {
		return nil, err
	}
	imgs, err := image.Open(e.Layout.ImageDir(), append([]image.Option{image.WithInUse(e.imageInUse),
		image.WithLogger(e.loggers.logger("image"))}, e.imageOpts...)...)
	if err != nil {
		return nil, fmt.Errorf("open image store: %w", err)
	}
	nwOpts := []network.Option{network.WithHostsPath(e.Layout.HostsFile), network.WithLogger(e.loggers.logger("network"))}
	if l, ok := e.Runtime.(lingerer); ok {
		nwOpts = append(nwOpts, network.WithLinger(l.Linger))
	}
	nw, err := network.New(e.Layout.NetworkDir(), e.Layout.NetnsDir(), nwOpts...)
	if err != nil {
		return nil, fmt.Errorf("open network: %w", err)
	}
	e.Images, e.Network = imgs, nw
	return e, nil
}

// OpenContainers opens the container store and the runtime only: Images
// and Network stay nil. It is for commands that work on a running
// container's record and runtime state alone (exec), which so skip the
// image store's opening (its dirs made, its leftover temp files swept).
func OpenContainers(root, state string, opts ...Option) (*Engine, error) {
	l := layout.New(root, state)
	e := &Engine{Layout: l}
	for _, o := range opts {
		o(e)
	}
	e.log = debuglog.New(e.loggers.logger("engine"))
	ctrs, err := container.Open(l)
	if err != nil {
		return nil, fmt.Errorf("open container store: %w", err)
	}
	e.seccomp = seccomp.NewCache(l.SeccompCacheDir())
	rt, err := runtime.New(l.RuntimeDir(), runtime.WithSeccompCompiler(e.seccomp),
		runtime.WithDeviceFilter(cgdevices.Filter{}), runtime.WithLogger(e.loggers.logger("runtime")))
	if err != nil {
		return nil, fmt.Errorf("open runtime: %w", err)
	}
	e.Containers, e.Runtime = ctrs, rt
	return e, nil
}
