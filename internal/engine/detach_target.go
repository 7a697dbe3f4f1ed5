package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime"

	"github.com/tent-dev/tent/internal/atomicfile"
	"github.com/tent-dev/tent/internal/jsonlite"
)

// detachedTarget makes the container for the monitor, once per run, with
// the foreground run's own steps (fgRun's plan and create): same spec,
// same overlay (the upper dir is kept between runs), same network setup.
type detachedTarget struct {
	e  *Engine
	id string
	o  RunOptions
	// keepPty: with -t, only keep the pty master (the setup helper hands it
	// to the monitor) instead of copying it into stdout here.
	keepPty bool
	// stdin is the container's stdin with -i and no tty (a pipe the
	// monitor writes what attach clients type into); nil: /dev/null, or
	// the monitor's own pipe with cloneBy.
	stdin *os.File
	// cloneBy, when set, clones the init in the monitor (startDetached):
	// the container's stdio are then the monitor's.
	cloneBy func(runtime.InitCommand) (runtime.Adopted, error)
	// tr, when set, records the steps (run -d --trace).
	tr *trace.Tracer
	// img, when set, is the image run -d resolved: not read again.
	img *image.Image
}

// detachedRun is one run as the setup helper made it: the fgRun, so that a
// failed setup is undone on every path.
type detachedRun struct {
	r   *fgRun
	dup *os.File // stdout copy the console writes to (-t)
	pid int      // the init's, taken before Start
}

// startHere makes and starts the container in this process.
func (t *detachedTarget) startHere(ctx context.Context, stdout, stderr *os.File) (*detachedRun, error) {
	rec, err := t.e.Containers.Get(t.id)
	if err != nil {
		return nil, err
	}
	img, err := t.image(rec)
	if err != nil {
		return nil, err
	}
	o := t.o
	// Else nobody to read stdin from: /dev/null. With cloneBy the monitor
	// makes the pipe (startDetached).
	o.Interactive = t.stdin != nil || (t.cloneBy != nil && t.o.Interactive && !t.o.TTY)
	d := &detachedRun{}
	out := stdout
	if o.TTY && t.keepPty {
		out = nil // a console without out keeps the master and copies nothing
	} else if o.TTY { // the console copies the pty into the stdout pipe, after Start returns
		if d.dup, err = dupFile(stdout); err != nil {
			return nil, engineErr("dup stdout: %w", err)
		}
		out = d.dup
	}
	// The monitor's stdout and stderr are its log pipes, never a terminal:
	// the container gets them as they are.
	r := &fgRun{e: t.e, o: o, stdio: Stdio{In: t.stdin, Out: out, Err: stderr}, child: Stdio{In: t.stdin, Out: out, Err: stderr}, img: img, rec: rec,
		cloneBy: t.cloneBy, tr: t.tr, startNow: true}
	d.r = r
	// As a foreground run: the init's exec and Go start, and the seccomp
	// program, overlap the network, the plan and the spec.
	r.spawnInit()
	r.seccomp = t.e.startSeccomp(o)
	r.net = t.e.startNetwork(ctx, rec, o, exposedPorts(img), r.tr)
	if err := t.create(r); err != nil {
		d.Teardown()
		return nil, err
	}
	// The pid now: a command as short as true may be gone (and
	// ctr.Pid() 0) by the time Start returns.
	d.pid = r.ctr.Pid()
	// The network is joined and the console taken in create: the init
	// execs the command right after its setup, with no exec fifo and no
	// round trip through Start (a no-op here, kept for the trace).
	st := r.tr.Start()
	if err := r.ctr.Start(); err != nil {
		d.Teardown()
		return nil, engineErr("start container: %w", err)
	}
	r.started = true
	r.img = nil // not needed any more: keep the monitor small
	r.tr.End("runtime start", st)
	st = r.tr.Start()
	waitExeced(d.pid, time.Second)
	r.tr.End(execveStep, st)
	return d, nil
}

// image is the container's image: t.img (resolved by the CLI that made the
// record), else the one the record names.
func (t *detachedTarget) image(rec *container.Record) (*image.Image, error) {
	if t.img != nil && t.img.ID == rec.ImageID {
		return t.img, nil
	}
	img, err := t.e.Images.Resolve(firstNonEmpty(rec.ImageID, t.o.Image))
	if err != nil {
		if img, err = t.e.Images.Resolve(t.o.Image); err != nil {
			return nil, engineErr("image %s: %w", t.o.Image, err)
		}
	}
	return img, nil
}

// execveStep names the trace's last step of a start: the init's seccomp
// load and execve, which it cannot report itself.
const execveStep = "seccomp load, execve of the command (seen in /proc)"

// waitExeced waits (briefly) until the init has exec'd the user process,
// so that "running" means the command runs: ps, top and exec right after
// `run -d` see it. Start only lets the init go.
func waitExeced(pid int, max time.Duration) {
	p := "/proc/" + strconv.Itoa(pid) + "/cmdline"
	for deadline := time.Now().Add(max); time.Now().Before(deadline); time.Sleep(200 * time.Microsecond) {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte("\x00"+runtime.InitArg+"\x00")) {
			return
		}
	}
}

// create plans and creates the container, saving the spec (for exec and
// inspect) and the network attachment (for ps and inspect).
func (t *detachedTarget) create(r *fgRun) error {
	plan, err := r.plan()
	if err != nil {
		return err
	}
	if err := saveSpec(t.e.Layout.SpecFile(t.id), plan); err != nil {
		return err
	}
	if att, _ := r.net.join(); att != nil {
		if b, err := json.Marshal(att); err == nil {
			_ = t.e.Containers.Update(t.id, func(rec *container.Record) error { rec.Network = b; return nil })
		}
	}
	return r.create(plan)
}

// saveSpec writes the container's spec as the bundle's config.json (path).
func saveSpec(path string, p createPlan) error {
	b, err := jsonlite.EncodeSpec(p.spec)
	if err != nil {
		return engineErr("encode spec: %w", err)
	}
	if err := atomicfile.WriteFile(path, b, 0o600); err != nil {
		return engineErr("save spec: %w", err)
	}
	return nil
}

// Pid is the init's pid.
func (d *detachedRun) Pid() int { return d.pid }

// Teardown deletes the runtime container and detaches its network.
func (d *detachedRun) Teardown() error {
	var errs []error
	r := d.r
	r.abortSpawned()
	if r.console != nil {
		r.console.drain()
		r.console.restore() // closes the master
		r.console = nil
	}
	if r.ctr != nil {
		errs = append(errs, r.ctr.Delete(true))
		r.ctr = nil
	} else {
		r.deleteLeftover()
	}
	if r.net != nil {
		errs = append(errs, r.net.detach())
		r.net = nil
	}
	if d.dup != nil {
		d.dup.Close()
		d.dup = nil
	}
	return errors.Join(errs...)
}

func dupFile(f *os.File) (*os.File, error) {
	fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}
