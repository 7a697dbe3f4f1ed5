package engine

import (
	"context"
	"os"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/earlymon"
	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/internal/procfs"
	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime"
)

// A run -d's first start is made here, in the CLI, under a monitor that
// clones the init (package monitor, adopt.go): the init is then the
// monitor's child, which it reaps, while the setup costs no second tent
// start (the setup helper) on the way. The monitor starts while the CLI
// plans, and clones the init as soon as the CLI knows its namespaces.

// adopter is the CLI's end of such a monitor (*monitor.Adopter; tests
// fake it).
type adopter interface {
	Clone(c monitor.InitCommand, stdin bool) (pid int, config, sync *os.File, err error)
	Started(console *os.File) error
	Failed(err error)
	Wait() error
}

// startDetached starts rec's container under its monitor and returns once
// the monitor says it runs; on failure what this process made is undone
// and the monitor records why.
func (e *Engine) startDetached(ctx context.Context, rec *container.Record, img *image.Image, tr *trace.Tracer) error {
	exe, err := os.Executable()
	if err != nil {
		return engineErr("find tent's binary: %w", err)
	}
	args := append(e.debugArgs(), "--tent", exe, "--root", e.Layout.Root, "--state", e.Layout.State, rec.ID)
	spawn := e.adoptFn
	if spawn == nil {
		spawn = spawnAdopting
	}
	o := recordOptions(rec)
	var ahead *monitor.InitCommand
	if m := earlymon.Peek(); m == nil || !m.AheadSent { // else told already (tellAheadEarly)
		ahead = e.initAhead(o)
	}
	mon, err := spawn(monitorExe(exe), args, e.Layout.MonitorLog(rec.ID), ahead)
	if err != nil {
		return engineErr("%w", err)
	}
	// -i without -t: the monitor gives the init a stdin pipe and keeps its
	// write end for attach clients.
	stdin := o.Interactive && !o.TTY
	t := &detachedTarget{e: e, id: rec.ID, o: o, keepPty: true, cloneBy: cloneByMonitor(mon, stdin), tr: tr, img: img}
	d, err := t.startHere(ctx, nil, nil)
	if err != nil {
		mon.Failed(err)
		_ = mon.Wait() // it recorded err
		return err
	}
	var console *os.File
	if c := d.r.console; c != nil {
		console = c.master
	}
	if err := mon.Started(console); err != nil {
		_ = d.Teardown()
		_ = mon.Wait()
		return engineErr("hand the container to its monitor: %w", err)
	}
	if console != nil {
		console.Close() // the monitor's now
	}
	return mon.Wait()
}

// spawnAdopting takes the monitor that tent started early for this run -d
// (earlymon) when it is exe, telling it the init to clone ahead, and starts
// one otherwise.
func spawnAdopting(exe string, args []string, logPath string, ahead *monitor.InitCommand) (adopter, error) {
	if m := earlymon.Take(); m != nil {
		if m.Exe == exe {
			sock, notify := os.NewFile(uintptr(m.Sock), "control"), os.NewFile(uintptr(m.Notify), "notify")
			return monitor.AdoptEarly(sock, notify, args, logPath, ahead)
		}
		m.Discard()
	}
	return monitor.SpawnAdopting(exe, args, logPath)
}

// tellAheadEarly tells the monitor that tent started early (earlymon)
// which init this run -d will ask for, before the record and the rootfs
// are made: the init's exec and Go start then overlap that work.
func (e *Engine) tellAheadEarly(o RunOptions) {
	m := earlymon.Peek()
	if m == nil || m.AheadSent {
		return
	}
	if ahead := e.initAhead(o); ahead != nil {
		m.AheadSent = monitor.TellAhead(m.Sock, *ahead) == nil
	}
}

// earlyMonitorState is the first state of a run -d's record when tent
// started its monitor early (earlymon): the record names that monitor from
// the start, which then has no record to rewrite before the container
// starts (monitor's claim). A monitor not taken after all (spawnAdopting:
// not the binary monitorExe picks, which earlymon's own check makes rare)
// is replaced, and the one started instead claims the record.
func earlyMonitorState() container.State {
	m := earlymon.Peek()
	if m == nil {
		return container.State{}
	}
	st, err := procfs.ReadStat(m.Pid)
	if err != nil {
		return container.State{}
	}
	return container.State{MonitorPid: m.Pid, MonitorStart: st.StartTime}
}

// initAhead is the init that starting a run -d with o will ask its monitor
// for (the spawn's namespaces, as startHere's), which the monitor clones
// ahead; nil when it is not known yet or its stdin will be a pipe (-i
// without -t).
func (e *Engine) initAhead(o RunOptions) *monitor.InitCommand {
	if o.Interactive && !o.TTY {
		return nil
	}
	c, err := e.Runtime.InitCommandFor(runtime.SpawnOpts{Namespaces: spawnNamespaces(o), Terminal: o.TTY})
	if err != nil {
		return nil
	}
	m := monitor.InitCommand(c)
	return &m
}

// cloneByMonitor is runtime.SpawnOpts.CloneBy through mon; stdin: the
// init's stdin is a pipe the monitor writes.
func cloneByMonitor(mon adopter, stdin bool) func(runtime.InitCommand) (runtime.Adopted, error) {
	return func(c runtime.InitCommand) (runtime.Adopted, error) {
		pid, cfg, sync, err := mon.Clone(monitor.InitCommand(c), stdin)
		return runtime.Adopted{Pid: pid, Config: cfg, SyncSocket: sync}, err
	}
}
