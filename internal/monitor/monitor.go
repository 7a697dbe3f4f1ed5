package monitor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/logs"
	"github.com/tent-dev/tent/internal/procfs"
)

type monitor struct {
	c    Config
	log  *logs.Writer
	dbg  debuglog.Log
	trim *trimmer
	// current is the run going on, for signals sent to the monitor.
	current atomic.Pointer[Running]
	attach  *attachHub // nil: attach is not served
}

// Run watches the container until it is done for good (exited without
// restart, or removed), then removes the record with --rm.
func Run(ctx context.Context, c Config) error {
	return newMonitor(c).run(ctx)
}

func newMonitor(c Config) *monitor {
	return &monitor{c: c, dbg: debuglog.New(c.Logger), trim: newTrimmer()}
}

func (m *monitor) run(ctx context.Context) error {
	c := m.c
	setSubreaper()
	if err := m.claim(); err != nil {
		m.notify(err)
		return err
	}
	w, err := logs.NewWriter(c.Store.Layout().LogFile(c.ID), c.Log...)
	if err != nil {
		m.fail(err)
		return err
	}
	defer w.Close()
	m.log = w
	dir := c.Store.Layout().ContainerDir(c.ID)
	if m.attach, err = listenAttach(dir); err != nil && m.dbg.On() {
		m.dbg.Debugf("attach socket of %s: %v", c.ID, err)
	}
	defer m.attach.close(dir)
	if c.AttachFirst {
		m.attach.waitClient(10 * time.Second)
	}
	b := NewBackoff()
	for first := true; ; first = false {
		code, ran, err := m.once(ctx, first)
		if err != nil {
			m.fail(err)
			break
		}
		if !m.restarting(code) {
			m.attach.exit(code)
			break
		}
		d := b.Next(ran)
		if m.dbg.On() {
			m.dbg.Debugf("restart %s after %v (policy %s)", m.c.ID, d, m.c.Policy)
		}
		if !m.sleep(ctx, d) {
			m.setStatus(container.StatusExited)
			break
		}
	}
	if c.Rm {
		if m.dbg.On() {
			m.dbg.Debugf("remove %s (--rm)", c.ID)
		}
		rec, _ := c.Store.Get(c.ID)
		if err := c.Store.Remove(c.ID); err != nil {
			return err
		}
		if rec != nil {
			m.event(rec, "destroy")
			m.removeVolumes(rec)
		}
	}
	return nil
}

// claim records this process as the container's monitor, unless the
// record named it already when it was read (Config.claimed: tent started
// it early and wrote its pid into the new record), a rewrite fewer on the
// way to a run -d's start.
func (m *monitor) claim() error {
	if m.c.claimed {
		return nil
	}
	pid := os.Getpid()
	st, _ := procfs.ReadStat(pid)
	return m.c.Store.Update(m.c.ID, func(r *container.Record) error {
		r.State.MonitorPid, r.State.MonitorStart = pid, st.StartTime
		r.State.Error = ""
		return nil
	})
}

// namesThisProcess says whether st names this process as the monitor.
func namesThisProcess(st container.State) bool {
	if st.MonitorPid != os.Getpid() || st.Error != "" {
		return false
	}
	self, err := procfs.ReadStat(st.MonitorPid)
	return err == nil && self.StartTime == st.MonitorStart
}

// once runs the container one time: start, log, wait, tear down. It
// returns the exit code and how long the container ran.
func (m *monitor) once(ctx context.Context, first bool) (int, time.Duration, error) {
	outR, outW, errR, errW, err := m.pipes()
	if err != nil {
		return 0, 0, err
	}
	run, err := startOnOwnStack(ctx, m.c.Target, outW, errW)
	outW.Close() // the container holds its own copies
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return 0, 0, err
	}
	m.attach.setInput(inputOf(run))
	pumps := m.pump(outR, errR, run.Console())
	started := time.Now()
	if m.dbg.On() {
		m.dbg.Debugf("running %s: pid %d, tty %v, health check %v", m.c.ID, run.Pid(), run.Console() != nil, m.c.Health != nil)
	}
	m.current.Store(&run)
	m.running(run.Pid(), started)
	if first {
		m.notify(nil)
	}
	m.trim.trim() // setup is done: give its memory back
	go m.trim.later(time.Second)
	hctx, stopHealth := context.WithCancel(ctx)
	healthDone := make(chan struct{})
	go func() { defer close(healthDone); m.healthLoop(hctx, run) }()
	st, werr := run.Wait()
	m.current.Store(nil)
	m.attach.setInput(nil)
	stopHealth()
	<-healthDone // no probe result lands after the exit's unhealthy
	ran := time.Since(started)
	waitTimeout(pumps, 2*time.Second)
	oom, terr := run.Teardown()
	st.OOMKilled = oom && st.Code != 0
	if werr != nil {
		st = ExitStatus{Code: container.ExitUnknown}
	}
	if m.dbg.On() {
		m.dbg.Debugf("exited %s: code %d, oom %v, ran %v, wait error %v, teardown error %v",
			m.c.ID, st.Code, st.OOMKilled, ran.Round(time.Millisecond), werr, terr)
	}
	m.exited(st, errors.Join(werr, terr))
	return st.Code, ran, nil
}

// pipes are the container's stdout and stderr pipes: those of an init
// the target cloned ahead (adoptTarget.takePipes), else new ones.
func (m *monitor) pipes() (outR, outW, errR, errW *os.File, err error) {
	if t, ok := m.c.Target.(interface {
		takePipes() (outR, outW, errR, errW *os.File, ok bool)
	}); ok {
		if outR, outW, errR, errW, ok := t.takePipes(); ok {
			return outR, outW, errR, errW, nil
		}
	}
	if outR, outW, err = os.Pipe(); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("stdout pipe: %w", err)
	}
	if errR, errW, err = os.Pipe(); err != nil {
		outR.Close()
		outW.Close()
		return nil, nil, nil, nil, fmt.Errorf("stderr pipe: %w", err)
	}
	return outR, outW, errR, errW, nil
}

// startOnOwnStack runs the setup on a goroutine of its own: its deep call
// chains grow that goroutine's stack, which is freed when it ends instead of
// staying with the monitor's main goroutine.
func startOnOwnStack(ctx context.Context, t Target, out, errf *os.File) (Running, error) {
	type result struct {
		run Running
		err error
	}
	ch := make(chan result, 1)
	go func() {
		run, err := t.Start(ctx, out, errf)
		ch <- result{run, err}
	}()
	r := <-ch
	return r.run, r.err
}

// pump copies the container's output into the log until the pipes close.
func (m *monitor) pump(out, errp, console *os.File) *sync.WaitGroup {
	var wg sync.WaitGroup
	for _, p := range []struct {
		f      *os.File
		stream string
		frame  byte
	}{{out, "stdout", FrameStdout}, {errp, "stderr", FrameStderr}, {console, "stdout", FrameStdout}} {
		if p.f == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer p.f.Close()
			logs.Pump(m.log, p.stream, m.attach.tee(p.f, p.frame))
		}()
	}
	return &wg
}

func waitTimeout(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// sleep waits d before a restart; it gives up when the user stops the
// container meanwhile.
func (m *monitor) sleep(ctx context.Context, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(min(50*time.Millisecond, time.Until(deadline))):
		}
		if r, err := m.c.Store.Get(m.c.ID); err != nil || r.State.StoppedByUser {
			return false
		}
	}
	return true
}

// notify tells the waiting CLI how the first start went, once.
func (m *monitor) notify(err error) {
	if m.c.Notify == nil {
		return
	}
	msg := "ok\n"
	if err != nil {
		msg = fmt.Sprintf("error %d %s\n", exitcode.Or(err, exitcode.Engine), err)
	}
	m.c.Notify.WriteString(msg)
	m.c.Notify.Close()
	m.c.Notify = nil
}
