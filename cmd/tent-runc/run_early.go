package main

import (
	"strings"

	"github.com/tent-dev/tent/runtime"
)

// early is the init that main clones for `run` before it parses the
// command line: the init's exec and Go start are the slowest step of a
// run, and parsing the flags, building the commands and opening the log
// come before startAhead. It is cloned only when the command line is
// plainly `[--root DIR] run ...` and DIR already has its read-only init
// binary (SpawnOpts.NoSetup: a command line that turns out bad leaves
// nothing behind). startAhead takes it when the parsed --root is the
// same; otherwise, or when run is never reached, it is killed.
type early struct {
	root string
	done chan struct{}
	sp   *runtime.Spawned
}

// spawnEarly clones the init for a `run` command line, or returns nil.
func spawnEarly(args []string) *early {
	root, ok := earlyRoot(args)
	if !ok {
		return nil
	}
	e := &early{root: root, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		if rt, err := runtime.New(root); err == nil {
			e.sp, _ = rt.Spawn(runtime.SpawnOpts{Namespaces: guessedNamespaces, Stdio: stdio(), NoSetup: true})
		}
	}()
	return e
}

// earlyRoot is --root of a command line made only of --root (at most
// once, as "--root DIR" or "--root=DIR") and then run; ok is false for
// any other.
func earlyRoot(args []string) (root string, ok bool) {
	root = defaultRoot
	seen := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "run":
			return root, root != ""
		case seen:
			return "", false
		case a == "--root" && i+1 < len(args):
			root, seen = args[i+1], true
			i++
		case strings.HasPrefix(a, "--root="):
			root, seen = strings.TrimPrefix(a, "--root="), true
		default:
			return "", false
		}
	}
	return "", false
}

// take hands the early init over when it was cloned for root, and kills
// it otherwise.
func (e *early) take(root string) *runtime.Spawned {
	if e == nil {
		return nil
	}
	<-e.done
	if e.root != root {
		e.sp.Abort()
		return nil
	}
	return e.sp
}

// abort kills the early init unless startAhead took it (Spawned.Abort does
// nothing once Create took it; a nil Spawned is a no-op).
func (e *early) abort() {
	if e != nil {
		<-e.done
		e.sp.Abort()
	}
}
