package runtime

import (
	"errors"
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// SeccompCompiler compiles a spec's linux.seccomp section to the program
// the init installs; *seccomp.Cache (package runtime/seccomp) is one. The
// runtime takes it as an option so that tent-init, which links this
// package, does not link the compiler and Docker's profile data.
type SeccompCompiler interface {
	Spec(*specs.LinuxSeccomp) (load.Program, error)
}

// WithSeccompCompiler lets the runtime apply specs with a linux.seccomp
// section; without it such a spec is refused (never run with less
// security than asked for).
func WithSeccompCompiler(c SeccompCompiler) Option {
	return func(o *options) { o.seccomp = c }
}

// errNoSeccompCompiler: a spec asks for a filter this runtime cannot build.
var errNoSeccompCompiler = errors.New("linux.seccomp: this runtime was built without a seccomp compiler")

// seccompProgram is the encoded program for the spec's linux.seccomp
// (nil without one): pre, when the caller compiled it already, else the
// runtime's compiler.
func (r *Runtime) seccompProgram(l *specs.Linux, pre *load.Program) ([]byte, error) {
	if l == nil || l.Seccomp == nil {
		if pre != nil {
			return nil, errors.New("linux.seccomp: a compiled program was given for a spec without one")
		}
		return nil, nil
	}
	var p load.Program
	switch {
	case pre != nil:
		p = *pre
	case r.opts.seccomp == nil:
		return nil, errNoSeccompCompiler
	default:
		var err error
		if p, err = r.opts.seccomp.Spec(l.Seccomp); err != nil {
			return nil, fmt.Errorf("linux.seccomp: %w", err)
		}
	}
	b, err := p.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("linux.seccomp: %w", err)
	}
	return b, nil
}

// decodeSeccomp is the init's side: the program to install, nil for none.
func decodeSeccomp(b []byte) (*load.Program, error) {
	if len(b) == 0 {
		return nil, nil
	}
	p := new(load.Program)
	if err := p.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("linux.seccomp: %w", err)
	}
	return p, nil
}
