package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/trace"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/runtime"
)

// Stdio is what `tent run` was started with.
type Stdio struct {
	In, Out, Err *os.File
}

// forwarded are the signals tent passes on to the container's init.
var forwarded = []os.Signal{unix.SIGINT, unix.SIGTERM, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH}

// fgRun is one foreground run: what has been made so far, so that teardown
// undoes exactly that on every path.
type fgRun struct {
	e     *Engine
	o     RunOptions
	stdio Stdio
	tr    *trace.Tracer // nil: not tracing
	sigs  chan os.Signal

	img      *image.Image
	rec      *container.Record
	net      *netJoin
	ctr      runtime.Container
	console  *console
	pipes    *ttyPipes // without -t: pipes in place of tent's terminal fds
	child    Stdio     // the container's stdio without -t (pipeStdio)
	started  bool
	exited   bool               // Wait returned: the init and its namespaces are gone
	recorded <-chan error       // markRunning, joined by teardown
	spawned  <-chan spawnResult // the init cloned ahead, until create takes it
	// cloneBy, when set, has the monitor clone the init (run -d): Create
	// must take that one (runtime.CreateOpts.NoClone).
	cloneBy  func(runtime.InitCommand) (runtime.Adopted, error)
	spawnErr error         // why the init could not be cloned ahead
	seccomp  *seccompAhead // the default profile and its program, resolved ahead
	status   runtime.ExitStatus
	cid      *cidFile // --cidfile
	// startNow: nothing comes between the runtime's create and start (a
	// detached start), so Create starts it too (runtime.CreateOpts.StartNow).
	startNow bool
}

// Run runs a container in the foreground and returns its exit code, as
// Docker's: the command's own, 125 when tent fails, 126/127 when the command
// cannot be run, 128+N when killed by signal N. Whatever happens, the
// container's runtime state, cgroup and network are gone when Run returns,
// and so is its record with --rm.
func (e *Engine) Run(ctx context.Context, o RunOptions, stdio Stdio) (code int, err error) {
	stdio, closeNull, err := attachStdio(o, stdio)
	if err != nil {
		return exitcode.Engine, engineErr("%w", err)
	}
	defer closeNull()
	r := &fgRun{e: e, o: o, stdio: stdio, tr: o.tracer(stdio.Err), sigs: make(chan os.Signal, 16)}
	signal.Notify(r.sigs, forwarded...)
	defer signal.Stop(r.sigs)
	defer func() {
		t := r.tr.Start()
		if terr := r.teardown(err); terr != nil && err == nil {
			err = engineErr("teardown: %w", terr)
		}
		r.tr.End("teardown", t)
		if err != nil {
			code = exitcode.Or(err, exitcode.Engine)
		}
	}()
	sig, err := r.setupInterruptible(ctx)
	if err != nil || sig != 0 {
		r.cid.discard()
	}
	switch {
	case sig != 0 && err != nil:
		return 128 + int(sig), exitcode.New(128+int(sig), err)
	case err != nil:
		return exitcode.Engine, err
	case sig != 0: // interrupted during setup: nothing ran yet
		return 128 + int(sig), nil
	}
	return r.run()
}

// setupInterruptible runs setup; a signal meanwhile cancels it (a pull, the
// network) and is returned, so that the container is torn down unstarted.
func (r *fgRun) setupInterruptible(ctx context.Context) (unix.Signal, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var got unix.Signal
	done, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		for {
			select {
			case s := <-r.sigs:
				if s != unix.SIGWINCH {
					got = s.(unix.Signal)
					cancel()
					return
				}
			case <-done:
				return
			}
		}
	}()
	err := r.setup(ctx)
	close(done)
	<-watched
	return got, err
}

// setup goes from the options to a created container (its init waiting).
func (r *fgRun) setup(ctx context.Context) error {
	if err := checkHostOptions(r.o); err != nil {
		return engineErr("%w", err)
	}
	var err error
	if !r.o.TTY {
		if r.child, r.pipes, err = pipeStdio(r.stdio, r.o.Interactive); err != nil {
			return engineErr("stdio pipes: %w", err)
		}
	}
	if r.cid, err = createCIDFile(r.o.CIDFile); err != nil {
		return engineErr("%w", err)
	}
	r.spawnInit()
	r.seccomp = r.e.startSeccomp(r.o)
	t := r.tr.Start()
	img, err := r.e.resolveImageFor(ctx, r.o, r.stdio.Err)
	if err != nil {
		return err
	}
	if err := checkImagePlatform(img, r.o); err != nil {
		return err
	}
	r.img = img
	r.tr.End("image resolve", t)
	t = r.tr.Start()
	r.o.Labels = labelsOf(img, r.o) // the image's too, as Docker's (ps --filter label=)
	if r.rec, err = r.e.newRecord(img, r.o, container.Record{}); err != nil {
		return err
	}
	if err := r.cid.write(r.rec.ID); err != nil {
		return engineErr("%w", err)
	}
	if r.e.log.On() {
		r.e.log.Debugf("run %s: name %s, image %s (%s), network %q, rm %v, tty %v", r.rec.ID, r.rec.Name, r.o.Image, img.ID,
			r.o.Network, r.o.Rm, r.o.TTY)
	}
	r.tr.End("container record", t)
	r.net = r.e.startNetwork(ctx, r.rec, r.o, exposedPorts(img), r.tr)
	plan, err := r.plan()
	if err != nil {
		return err
	}
	saved := r.saveSpec(plan) // for exec and inspect, while the runtime creates
	if err := r.create(plan); err != nil {
		<-saved
		return err
	}
	return <-saved
}

// run starts the created container, forwards signals and waits for it.
func (r *fgRun) run() (int, error) {
	t := r.tr.Start()
	if err := r.ctr.Start(); err != nil {
		err = engineErr("start container: %w", err)
		return exitcode.Or(err, exitcode.Engine), err
	}
	r.started = true
	r.tr.End("runtime start", t)
	pid := r.ctr.Pid()
	if r.tr.On() {
		// The init's last steps (seccomp load, execve) come after its last
		// report: timed from here, as a detached start does. Only traced.
		t = r.tr.Start()
		waitExeced(pid, time.Second)
		r.tr.End(execveStep, t)
	}
	r.e.containerEvent(r.rec, "start")
	r.recorded = goErr(func() error { return r.markRunning(pid) }) // while the container runs
	if r.console != nil {
		r.console.attach(r.stdio, r.o.Interactive)
	}
	t = r.tr.Start()
	st, err := r.wait()
	r.tr.End("container ran (wait)", t)
	if err != nil {
		return exitcode.Engine, engineErr("wait for container: %w", err)
	}
	r.status, r.exited = st, true
	r.e.containerEvent(r.rec, "die", "exitCode", strconv.Itoa(st.Code))
	if r.e.log.On() {
		r.e.log.Debugf("run %s: exited with code %d (signal %d, oom %v)", r.rec.ID, st.Code, st.Signal, st.OOMKilled)
	}
	return st.Code, nil
}

// wait waits for the init, forwarding signals (SIGWINCH resizes the pty).
func (r *fgRun) wait() (runtime.ExitStatus, error) {
	type result struct {
		st  runtime.ExitStatus
		err error
	}
	done := make(chan result, 1)
	go func() { st, err := r.ctr.Wait(); done <- result{st, err} }()
	for {
		select {
		case s := <-r.sigs:
			if s == unix.SIGWINCH {
				r.console.resize(r.stdio.Out)
				continue
			}
			_ = r.ctr.Signal(s.(unix.Signal), false) // it may have just exited
		case res := <-done:
			if r.console != nil {
				r.console.drain()
			}
			r.pipes.drain()
			return res.st, res.err
		}
	}
}

// markRunning records the start and the network attachment (for ps, port,
// inspect); a failure here does not stop the container.
func (r *fgRun) markRunning(pid int) error {
	var network []byte
	if att, _ := r.net.join(); att != nil {
		network, _ = json.Marshal(att)
	}
	var opts []container.UpdateOption
	if r.o.Rm {
		opts = append(opts, container.Volatile()) // removed at exit anyway
	}
	return r.e.Containers.Update(r.rec.ID, func(rec *container.Record) error {
		rec.State.Status, rec.State.Pid, rec.State.StartedAt = container.StatusRunning, pid, time.Now().UTC()
		if network != nil {
			rec.Network = network
		}
		return nil
	}, opts...)
}

// saveSpec writes config.json in the background; the channel gives the
// result. The spec is only read from here on (by the runtime too). Encoding
// it first warms encoding/json's per-type cache off the runtime's path: its
// own encoding of the spec for the init then hits the cache.
func (r *fgRun) saveSpec(p createPlan) <-chan error {
	path := r.e.Layout.SpecFile(r.rec.ID)
	return goErr(func() error { return saveSpec(path, p) })
}

// goErr runs f in a goroutine; the channel yields its error.
func goErr(f func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

// newRecord makes the container's record (id, name, dir) from the image,
// the options and seed, whose State and Healthcheck the caller sets.
func (e *Engine) newRecord(img *image.Image, o RunOptions, seed container.Record) (*container.Record, error) {
	args, err := spec.Command(img.Config.Config, o.Entrypoint, o.Cmd)
	if err != nil {
		return nil, engineErr("%w", err)
	}
	opts, err := marshalOptions(o)
	if err != nil {
		return nil, engineErr("encode run options: %w", err)
	}
	mounts, err := e.resolveMounts(img, o)
	if err != nil {
		return nil, engineErr("%w", err)
	}
	rec := &container.Record{Name: o.Name, Image: o.Image, ImageID: img.ID, Path: args[0], Args: args[1:], Opts: opts, Mounts: mounts,
		State: seed.State, Healthcheck: seed.Healthcheck}
	if err := e.createRecord(rec); err != nil {
		return nil, engineErr("create container: %w", err)
	}
	e.containerEvent(rec, "create")
	return rec, nil
}

// resolveImage finds the image in the store, pulling it when missing.
func (e *Engine) resolveImage(ctx context.Context, ref string, stderr *os.File) (*image.Image, error) {
	img, err := e.Images.Resolve(ref)
	if err == nil {
		return img, nil
	}
	if !errors.Is(err, image.ErrNotFound) {
		return nil, engineErr("resolve image %s: %w", ref, err)
	}
	fmt.Fprintf(stderr, "Unable to find image '%s' locally\n", ref)
	if img, err = e.pull(ctx, ref, stderr); err != nil {
		return nil, engineErr("pull %s: %w", ref, err)
	}
	if e.log.On() {
		e.log.Debugf("image %s: pulled as %s", ref, img.ID)
	}
	return img, nil
}

func exposedPorts(img *image.Image) []string {
	var out []string
	for p := range img.Config.Config.ExposedPorts {
		out = append(out, p)
	}
	return out
}
