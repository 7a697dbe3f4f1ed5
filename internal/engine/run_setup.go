package engine

import (
	"os"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/runtime"
)

// createPlan is what runtime.Create needs: the spec and the rootfs mounts.
type createPlan struct {
	spec   *specs.Spec
	mounts []rootfs.Mount
}

// plan builds the spec and overlay while the network is being attached.
func (r *fgRun) plan() (createPlan, error) {
	t := r.tr.Start()
	layers := make([]string, len(r.img.DiffIDs))
	for i, d := range r.img.DiffIDs {
		layers[i] = r.e.Images.LayerDir(d)
	}
	sc, err := r.specContext(layers)
	if err != nil {
		return createPlan{}, err
	}
	mounts, err := r.overlay(layers)
	if err != nil {
		return createPlan{}, err
	}
	if err := r.copyUp(layers); err != nil {
		return createPlan{}, err
	}
	r.tr.End("plan (user, dirs, overlay)", t)
	t = r.tr.Start()
	att, err := r.net.join()
	if err != nil {
		return createPlan{}, engineErr("network: %w", err)
	}
	r.tr.End("network join", t)
	t = r.tr.Start()
	if att != nil {
		sc.NetnsPath = att.NetnsPath
	}
	if sc.Files, err = writeEtcFiles(r.e.Layout, r.rec, r.o, att); err != nil {
		return createPlan{}, engineErr("%w", err)
	}
	spec, err := Spec(r.img, r.o, sc)
	if err != nil {
		return createPlan{}, engineErr("%w", err)
	}
	if r.o.TTY { // the spec is complete from here on: others read it concurrently
		r.console = newConsole(r.stdio.Out)
		if cs := r.o.ConsoleSize; r.console.size == nil && cs != nil {
			r.console.size = &specs.Box{Height: uint(cs[0]), Width: uint(cs[1])}
		}
		spec.Process.ConsoleSize = r.console.size
	}
	r.tr.End("etc files + spec", t)
	return createPlan{spec: spec, mounts: mounts}, nil
}

// specContext gathers Spec's inputs: the image's users, env files, limits.
func (r *fgRun) specContext(layers []string) (SpecContext, error) {
	sc := SpecContext{
		ID: r.rec.ID, RootfsDir: r.e.Layout.RootfsMountpoint(), LookupEnv: os.LookupEnv,
		CgroupsPath: r.e.Runtime.CgroupPath(r.rec.ID), NofileHard: nofileHard(),
		SeccompProfiles: r.seccomp.profiles(), HostMaskedPaths: thermalThrottleMasks("/sys"),
		Mounts: specMountPoints(r.rec.Mounts),
	}
	var err error
	if r.o.User != "" || r.img.Config.Config.User != "" {
		if sc.Users, err = spec.ReadUserDB(layerFiles(layers)); err != nil {
			return sc, engineErr("%w", err)
		}
	}
	for _, f := range r.o.EnvFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return sc, engineErr("env file: %w", err)
		}
		sc.EnvFile = append(sc.EnvFile, spec.ParseEnvFile(data)...)
	}
	if wantsAllCapabilities(r.o) {
		if sc.HostCapabilities, err = hostCapabilities(); err != nil {
			return sc, engineErr("%w", err)
		}
	}
	if r.o.Privileged {
		if sc.HostDevices, err = hostDevices("/dev"); err != nil {
			return sc, engineErr("--privileged: %w", err)
		}
	}
	if r.o.UTS == "host" {
		sc.HostHostname = etcHostname(r.o, r.rec.ID)
	}
	if sc.Devices, err = hostDeviceNodes(r.o.Devices); err != nil {
		return sc, engineErr("%w", err)
	}
	if r.o.Init {
		if sc.InitPath, err = os.Executable(); err != nil {
			return sc, engineErr("--init: find tent's binary: %w", err)
		}
	}
	return sc, nil
}

// overlay makes the upper and work dirs and plans the overlay mount.
func (r *fgRun) overlay(layers []string) ([]rootfs.Mount, error) {
	upper, work, target := r.e.Layout.UpperDir(r.rec.ID), r.e.Layout.WorkDir(r.rec.ID), r.e.Layout.RootfsMountpoint()
	for _, d := range []string{upper, work} {
		if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
			return nil, engineErr("make %s: %w", filepath.Base(d), err)
		}
	}
	if err := os.MkdirAll(target, 0o755); err != nil {
		return nil, engineErr("make the rootfs mountpoint: %w", err)
	}
	initDir, err := r.e.initLayer()
	if err != nil {
		return nil, engineErr("%w", err)
	}
	lowers := append(append(make([]string, 0, len(layers)+1), layers...), initDir)
	var opts []rootfs.OverlayOption
	if r.o.Rm && rootfs.VolatileSupported() {
		// The upper dir goes with the container: no syncfs of the whole
		// filesystem when the overlay is unmounted at the container's exit.
		opts = append(opts, rootfs.Volatile())
	}
	m, err := rootfs.Overlay(lowers, upper, work, target, opts...)
	if err != nil {
		return nil, engineErr("plan the overlay: %w", err)
	}
	return m, nil
}

// create hands the plan to the runtime: the init is left waiting for Start.
func (r *fgRun) create(p createPlan) error {
	t := r.tr.Start()
	opts := runtime.CreateOpts{
		Bundle: r.e.Layout.ContainerDir(r.rec.ID), Spec: p.spec, RootfsMounts: p.mounts, Trace: r.tr.With("runtime"),
		Seccomp: r.seccomp.program(p.spec), NoClone: r.cloneBy != nil, StartNow: r.startNow,
	}
	if r.spawned != nil { // taken once the runtime made the state dir and cgroup
		opts.Spawned = runtime.SpawnedLater(func() (*runtime.Spawned, error) {
			sp := r.takeSpawned()
			if r.spawnErr != nil && r.cloneBy != nil {
				return nil, engineErr("%w", r.spawnErr)
			}
			return sp, nil
		})
	}
	if r.o.TTY {
		opts.Console = r.console.set
	} else {
		opts.Stdio = r.initStdio()
	}
	c, err := r.e.Runtime.Create(r.rec.ID, opts)
	if err != nil {
		return engineErr("%w", err) // the runtime says "create <id>: …"
	}
	r.ctr = c
	r.tr.End("runtime create", t)
	return nil
}

func hostnameOf(o RunOptions, id string) string { return firstNonEmpty(o.Hostname, shortID(id)) }

// nofileHard is tent's hard RLIMIT_NOFILE (0: unknown).
func nofileHard() uint64 {
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &rl); err != nil {
		return 0
	}
	return rl.Max
}
