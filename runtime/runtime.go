package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/runtime/cgroups"
)

// InitArg is argv[1] of the re-exec'd tent binary that becomes a container's
// init; main calls Init when it sees it, before anything else.
const InitArg = "__tent_init"

// ErrNotImplemented is returned by parts still being built.
var ErrNotImplemented = errors.New("not implemented")

// defaultCgroupParent is the cgroup under which containers' cgroups are
// made: the one place it is named (see CgroupPath).
const defaultCgroupParent = "/tent"

type options struct {
	cgroupParent string
	seccomp      SeccompCompiler
	log          debuglog.Log
	warn         func(format string, args ...any) // nil: warnings are dropped
	devices      cgroups.DeviceFilter             // cgroup v2 device control (devices.go)
}

// Option configures a Runtime.
type Option func(*options)

// WithCgroupParent sets the cgroup path under which containers' cgroups are made.
func WithCgroupParent(p string) Option { return func(o *options) { o.cgroupParent = p } }

// WithLogger logs the runtime's decisions at debug level to l: the spec
// in one line, each mount the init will make, the cgroup's writes, the
// init's pid, the start and each exec; by default the runtime logs nothing.
func WithLogger(l debuglog.Logger) Option { return func(o *options) { o.log = debuglog.New(l) } }

// WithWarner gives f the warnings the runtime-spec says to log and go past:
// a failed poststop hook (Delete still succeeds). Without it they are
// dropped.
func WithWarner(f func(format string, args ...any)) Option {
	return func(o *options) { o.warn = f }
}

// cgroupOpts hands the logger on to the cgroup managers; nil when off.
func (o *options) cgroupOpts() []cgroups.Option {
	if !o.log.On() {
		return nil
	}
	return []cgroups.Option{cgroups.WithLogger(o.log.Logger())}
}

// Runtime creates and finds containers whose state lives under root
// (e.g. /run/tent/runtime/<id>/state.json).
type Runtime struct {
	root string
	opts options
}

// New returns a Runtime keeping its state under root.
func New(root string, opts ...Option) (*Runtime, error) {
	o := options{cgroupParent: defaultCgroupParent}
	for _, f := range opts {
		f(&o)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("runtime root %q: %w", root, err)
	}
	return &Runtime{root: abs, opts: o}, nil
}

// Create makes the container's namespaces, cgroup and rootfs; its init then
// waits for Start before it execs the user process.
func (r *Runtime) Create(id string, o CreateOpts) (Container, error) {
	if err := validID(id); err != nil {
		return nil, err
	}
	return r.create(id, o)
}

// Load finds an existing container by id.
func (r *Runtime) Load(id string) (Container, error) {
	if err := validID(id); err != nil {
		return nil, err
	}
	return r.load(id)
}

// List returns the ids of all containers under this runtime's root.
func (r *Runtime) List() ([]string, error) {
	ents, err := os.ReadDir(r.root)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list containers: %w", err)
	}
	var ids []string
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(r.root, e.Name(), stateFileName)); err == nil {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

// validID accepts ids usable as a file name and a cgroup name.
func validID(id string) error {
	if id == "" || len(id) > 1024 || id == "." || id == ".." || strings.ContainsAny(id, "/\x00") {
		return fmt.Errorf("invalid container id %q", id)
	}
	return nil
}

// Init is the body of a container's init process (argv[1] == InitArg).
// It never returns on success: it execs the user's process.
func Init() error { return initMain() }
