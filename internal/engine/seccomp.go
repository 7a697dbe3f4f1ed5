package engine

import (
	"slices"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/runtime/seccomp"
)

// seccompAhead resolves Docker's default profile and its compiled program
// (the cache, keyed by the capability set: cheaper than a key over the
// whole section) in two goroutines started first thing in a run, so that
// neither is on the run's critical path; the spec waits only for the
// profile, Create for the program. The spec takes the profile from
// it (profiles), and the runtime the program (program) when the spec's
// section is that very profile.
type seccompAhead struct {
	caps     []string
	done     chan struct{} // profile set
	progDone chan struct{} // prog set
	profile  *specs.LinuxSeccomp
	prog     *seccomp.Program
}

// startSeccomp starts the work for the options' default profile; nil when
// they ask for another profile or none, or when "all capabilities" needs
// the host's set first.
func (e *Engine) startSeccomp(o RunOptions) *seccompAhead {
	if e.seccomp == nil || wantsAllCapabilities(o) || len(o.SecurityOpt) > 0 {
		return nil
	}
	caps, err := spec.Capabilities(spec.WithCapAdd(o.CapAdd...), spec.WithCapDrop(o.CapDrop...))
	if err != nil {
		return nil // the spec reports it
	}
	a := &seccompAhead{caps: caps, done: make(chan struct{}), progDone: make(chan struct{})}
	go func() {
		defer close(a.done)
		if p, err := seccomp.DefaultProfile(caps); err == nil {
			a.profile = p
		}
	}()
	go func() {
		defer close(a.progDone)
		if prog, err := e.seccomp.Default(caps); err == nil {
			a.prog = &prog
		}
	}()
	return a
}

// profiles is the spec's SeccompProfiles, with this run's default profile.
func (a *seccompAhead) profiles() spec.SeccompProfiles {
	if a == nil {
		return seccompProfiles{}
	}
	return aheadProfiles{a: a}
}

// program is the compiled program of s's seccomp section, if it is the
// profile resolved ahead; nil: the runtime compiles the section.
func (a *seccompAhead) program(s *specs.Spec) *seccomp.Program {
	if a == nil || s.Linux == nil || s.Linux.Seccomp == nil {
		return nil
	}
	<-a.done
	if s.Linux.Seccomp != a.profile {
		return nil
	}
	<-a.progDone
	return a.prog
}

// aheadProfiles is seccompProfiles with the default profile resolved ahead.
type aheadProfiles struct {
	seccompProfiles // Parse
	a               *seccompAhead
}

func (p aheadProfiles) Default(caps []string) (*specs.LinuxSeccomp, error) {
	if slices.Equal(caps, p.a.caps) {
		if <-p.a.done; p.a.profile != nil {
			return p.a.profile, nil
		}
	}
	return seccomp.DefaultProfile(caps)
}
