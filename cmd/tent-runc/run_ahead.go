package main

import (
	"os"
	"os/signal"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/runtime"
)

// ahead is what `run` starts before it reads the bundle's spec, so that it
// overlaps that work instead of following it:
//
//   - the init, cloned by runtime.Spawn: its exec and Go start are the
//     slowest step of a run. Only the clone's namespaces must be known this
//     early, and they are guessed (runc spec's: pid, network, ipc, uts,
//     mount; no terminal). For a spec that differs, Create kills it and
//     clones one that fits (Spawned.take). Until Create takes it, it is in no
//     cgroup, has no state and dies with tent-runc (EOF on its config pipe);
//   - in the foreground, signal.Notify of every signal, which costs a round
//     trip between two threads per signal. It is done before Create makes
//     anything, so that a signal meanwhile is forwarded, never fatal.
type ahead struct {
	spawned  chan struct{}
	sp       *runtime.Spawned
	notified chan struct{}
}

// guessedNamespaces are runc spec's: what a bundle made for `run` has.
var guessedNamespaces = []specs.LinuxNamespace{{Type: specs.PIDNamespace}, {Type: specs.NetworkNamespace},
	{Type: specs.IPCNamespace}, {Type: specs.UTSNamespace}, {Type: specs.MountNamespace}}

// startAhead clones the init (or takes the one main cloned early) and,
// with sigs, starts catching every signal. A failed clone is not
// reported: Create clones again and reports what fails then.
func startAhead(g *globals, io runtime.Stdio, sigs chan<- os.Signal) *ahead {
	a := &ahead{spawned: make(chan struct{}), notified: make(chan struct{})}
	go func() {
		defer close(a.spawned)
		if a.sp = g.early.take(g.root); a.sp != nil {
			return
		}
		if rt, err := g.runtime(); err == nil {
			a.sp, _ = rt.Spawn(runtime.SpawnOpts{Namespaces: guessedNamespaces, Stdio: io})
		}
	}()
	go func() {
		defer close(a.notified)
		if sigs != nil {
			signal.Notify(sigs)
		}
	}()
	return a
}

// ready waits for both and hands the init to Create (nil: none).
func (a *ahead) ready() *runtime.Spawned {
	if a == nil {
		return nil
	}
	<-a.notified
	<-a.spawned
	return a.sp
}

// abort kills the init unless Create took it (Spawned.Abort does nothing
// then).
func (a *ahead) abort() {
	if sp := a.ready(); sp != nil {
		sp.Abort()
	}
}
