package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/jsonlite"
	"github.com/tent-dev/tent/runtime"
)

// loadContainer loads container id, with runc's wording when it is not
// there (containerd matches "does not exist").
func loadContainer(g *globals, id string) (*runtime.Runtime, runtime.Container, error) {
	rt, err := g.runtime()
	if err != nil {
		return nil, nil, err
	}
	c, err := rt.Load(id)
	if errors.Is(err, runtime.ErrNotExist) {
		return nil, nil, fmt.Errorf("container %q does not exist", id)
	}
	if err != nil {
		return nil, nil, err
	}
	return rt, c, nil
}

// createFlags are create's and run's: runc's names.
type createFlags struct {
	bundle        string
	pidFile       string
	consoleSocket string
	noPivot       bool
	noNewKeyring  bool
	preserveFDs   int
}

func (o *createFlags) register(f *pflag.FlagSet) {
	f.StringVarP(&o.bundle, "bundle", "b", "", "path to the root of the bundle directory (default: the current directory)")
	f.StringVar(&o.pidFile, "pid-file", "", "file to write the init's pid to")
	f.StringVar(&o.consoleSocket, "console-socket", "", "unix socket that receives the pty master (terminal: true)")
	f.BoolVar(&o.noPivot, "no-pivot", false, "accepted; tent always uses pivot_root")
	f.BoolVar(&o.noNewKeyring, "no-new-keyring", false, "accepted; tent makes no session keyring")
	f.IntVar(&o.preserveFDs, "preserve-fds", 0, "extra fds to pass (only 0 is supported)")
}

// spec reads and checks the bundle's config.json, and the flags against it.
func (o *createFlags) spec(g *globals, detach bool) (*specs.Spec, string, error) {
	if o.preserveFDs != 0 {
		return nil, "", fmt.Errorf("--preserve-fds %d: passing extra fds is not supported by tent-runc", o.preserveFDs)
	}
	bundle := o.bundle
	if bundle == "" {
		bundle = "."
	}
	bundle, err := filepath.Abs(bundle)
	if err != nil {
		return nil, "", fmt.Errorf("bundle %q: %w", o.bundle, err)
	}
	spec, err := readSpec(bundle)
	if err != nil {
		return nil, "", err
	}
	if err := checkTerminal(spec.Process, o.consoleSocket, detach); err != nil {
		return nil, "", err
	}
	if err := g.checkCgroupsPath(spec); err != nil {
		return nil, "", err
	}
	return spec, bundle, nil
}

// readSpec reads <bundle>/config.json and checks its ociVersion.
func readSpec(bundle string) (*specs.Spec, error) {
	if fi, err := os.Stat(bundle); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("bundle %q is not a directory", bundle)
	}
	b, err := os.ReadFile(filepath.Join(bundle, "config.json"))
	if err != nil {
		return nil, fmt.Errorf("bundle %q: read config.json: %w", bundle, err)
	}
	// Without reflection (jsonlite): encoding/json's first decode of the
	// spec types cost each run milliseconds of CPU beside the init's start.
	spec, err := jsonlite.DecodeSpec(b)
	if err != nil {
		return nil, fmt.Errorf("bundle %q: config.json: %w", bundle, err)
	}
	if err := checkVersion(spec.Version); err != nil {
		return nil, err
	}
	if spec.Process == nil {
		return nil, errors.New("config.json: process property must not be empty")
	}
	return spec, nil
}

// checkVersion takes the runtime-spec versions 1.0.0 to 1.3.x (their
// pre-releases too: "1.0.2-dev"); what tent cannot apply of one is
// refused by the runtime's spec check. No regexp: its compile would be a
// package init every command pays.
func checkVersion(v string) error {
	core, _, _ := strings.Cut(v, "-")
	parts := strings.Split(core, ".")
	ok := len(parts) == 3 && parts[0] == "1" && len(parts[1]) == 1 && parts[1] >= "0" && parts[1] <= "3" && isDigits(parts[2])
	if !ok {
		return fmt.Errorf("config.json: ociVersion %q is not supported (tent-runc takes runtime-spec 1.0.0 to 1.3.x; spec %s)", v, specs.Version)
	}
	return nil
}

// checkTerminal applies runc's rules: a terminal for a detached container
// goes to --console-socket, and a console socket needs a terminal.
func checkTerminal(p *specs.Process, consoleSocket string, detach bool) error {
	switch {
	case p.Terminal && detach && consoleSocket == "":
		return errors.New("cannot allocate tty if tent-runc will detach without setting console socket")
	case !p.Terminal && consoleSocket != "":
		return errors.New("cannot use console socket if tent-runc will not detach or allocate tty")
	}
	return nil
}

// checkCgroupsPath refuses systemd's "slice:prefix:name" cgroupsPath with
// --systemd-cgroup: tent drives cgroupfs only, and putting the container
// elsewhere than asked would lose the caller's accounting.
func (g *globals) checkCgroupsPath(spec *specs.Spec) error {
	if spec.Linux == nil || spec.Linux.CgroupsPath == "" {
		return nil
	}
	p := spec.Linux.CgroupsPath
	if strings.Count(p, ":") == 2 || (g.systemdCgroup && !strings.HasPrefix(p, "/")) {
		return fmt.Errorf("cgroupsPath %q: systemd cgroup paths (slice:prefix:name) are not supported by tent-runc; use a cgroupfs path without --systemd-cgroup", p)
	}
	return nil
}

// stdio is the container's stdio when it has no terminal: tent-runc's own
// (containerd and conmon hand it pipes or fifos).
func stdio() runtime.Stdio {
	return runtime.Stdio{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
}

// errNotRunning is runc's wording, which containerd matches.
var errNotRunning = errors.New("container not running")

// needStatus returns err unless c is in status want.
func needStatus(c runtime.Container, want specs.ContainerState, err error) error {
	st, serr := c.State()
	if serr != nil {
		return serr
	}
	if st.Status != want {
		return err
	}
	return nil
}

// needRunning refuses a stopped container, in runc's words.
func needRunning(c runtime.Container) error {
	st, err := c.State()
	if err != nil {
		return err
	}
	if st.Status == specs.StateStopped {
		return errNotRunning
	}
	return nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
