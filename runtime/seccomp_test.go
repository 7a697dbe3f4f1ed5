package runtime

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/seccomp/load"
)

type fakeCompiler struct {
	prog load.Program
	err  error
}

func (f fakeCompiler) Spec(*specs.LinuxSeccomp) (load.Program, error) { return f.prog, f.err }

func TestSeccompProgram(t *testing.T) {
	allow := load.Program{Filter: []unix.SockFilter{{Code: 0x06, K: 0x7fff0000}}}
	other := load.Program{Filter: []unix.SockFilter{{Code: 0x06, K: 0x50001}}}
	withFilter := &specs.Linux{Seccomp: &specs.LinuxSeccomp{DefaultAction: specs.ActAllow}}
	for _, tc := range []struct {
		name     string
		compiler SeccompCompiler
		linux    *specs.Linux
		pre      *load.Program
		want     *load.Program
		err      string
	}{
		{name: "no linux section", linux: nil},
		{name: "no seccomp", linux: &specs.Linux{}, compiler: fakeCompiler{prog: allow}},
		{name: "compiled by the runtime", linux: withFilter, compiler: fakeCompiler{prog: allow}, want: &allow},
		{name: "given by the caller", linux: withFilter, compiler: fakeCompiler{prog: allow}, pre: &other, want: &other},
		{name: "given, no compiler", linux: withFilter, pre: &other, want: &other},
		{name: "no compiler: refused", linux: withFilter, err: "linux.seccomp: this runtime was built without"},
		{name: "compile error named", linux: withFilter, compiler: fakeCompiler{err: errors.New("listenerPath: not supported")},
			err: "linux.seccomp: listenerPath: not supported"},
		{name: "program without a section", linux: &specs.Linux{}, pre: &other, err: "linux.seccomp: a compiled program"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Runtime{opts: options{seccomp: tc.compiler}}
			b, err := r.seccompProgram(tc.linux, tc.pre)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeSeccomp(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("program = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDecodeSeccompBad(t *testing.T) {
	if _, err := decodeSeccomp([]byte("TSF1 garbage")); err == nil || !strings.HasPrefix(err.Error(), "linux.seccomp:") {
		t.Fatalf("err = %v", err)
	}
}
