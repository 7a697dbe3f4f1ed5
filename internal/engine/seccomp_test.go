package engine

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/runtime/seccomp"
)

func TestSeccompAhead(t *testing.T) {
	e := &Engine{seccomp: seccomp.NewCache(t.TempDir())}
	for _, o := range []RunOptions{{Privileged: true}, {CapAdd: []string{"ALL"}}, {SecurityOpt: []string{"seccomp=unconfined"}}} {
		if a := e.startSeccomp(o); a != nil {
			t.Errorf("%+v: resolved ahead", o)
		}
	}
	a := e.startSeccomp(RunOptions{CapAdd: []string{"NET_ADMIN"}})
	if a == nil {
		t.Fatal("default profile not resolved ahead")
	}
	s, err := Spec(testImage(v1.Config{Cmd: []string{"sh"}}), RunOptions{CapAdd: []string{"NET_ADMIN"}}, withProfiles(testCtx(), a))
	if err != nil {
		t.Fatal(err)
	}
	if s.Linux.Seccomp == nil || s.Linux.Seccomp != a.profile {
		t.Fatal("the spec does not hold the profile resolved ahead")
	}
	if p := a.program(s); p == nil || len(p.Filter) == 0 {
		t.Fatal("no program for the spec's profile")
	}
	// Another section (here a copy) gets no program: the runtime compiles it.
	other := *s.Linux
	other.Seccomp = &specs.LinuxSeccomp{DefaultAction: specs.ActAllow}
	if p := a.program(&specs.Spec{Linux: &other}); p != nil {
		t.Fatal("a program for another section")
	}
	var none *seccompAhead
	if none.program(s) != nil || none.profiles() == nil {
		t.Fatal("nil seccompAhead")
	}
}

func withProfiles(c SpecContext, a *seccompAhead) SpecContext {
	c.SeccompProfiles = a.profiles()
	return c
}
