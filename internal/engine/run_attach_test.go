package engine

import (
	"os"
	"strings"
	"testing"
)

func TestCheckAttach(t *testing.T) {
	for _, c := range []struct {
		o    RunOptions
		want string // "" ok, else part of the error
	}{
		{RunOptions{}, ""},
		{RunOptions{Attach: []string{"stdin", "STDOUT", "StdErr"}}, ""},
		{RunOptions{Attach: []string{"stdout", "out"}}, "valid streams are STDIN, STDOUT and STDERR"},
		{RunOptions{Attach: []string{"stdout"}, Detach: true}, "conflicting options: -a and -d"},
		{RunOptions{Detach: true}, ""},
	} {
		err := checkAttach(c.o)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("checkAttach(%v) = %v, want %q", c.o.Attach, err, c.want)
		}
	}
}

func TestAttachStdio(t *testing.T) {
	out, errf := os.Stdout, os.Stderr
	for _, c := range []struct {
		attach           []string
		keepOut, keepErr bool
	}{
		{nil, true, true},
		{[]string{"stdout"}, true, false},
		{[]string{"STDERR"}, false, true},
		{[]string{"stdin"}, false, false},
	} {
		s, closeNull, err := attachStdio(RunOptions{Attach: c.attach}, Stdio{In: os.Stdin, Out: out, Err: errf})
		if err != nil {
			t.Fatal(err)
		}
		if (s.Out == out) != c.keepOut || (s.Err == errf) != c.keepErr || s.In != os.Stdin {
			t.Errorf("-a %v: out kept %v, err kept %v, want %v, %v", c.attach, s.Out == out, s.Err == errf, c.keepOut, c.keepErr)
		}
		for _, f := range []*os.File{s.Out, s.Err} {
			if f != out && f != errf && f.Name() != os.DevNull {
				t.Errorf("-a %v: a left-out stream goes to %s, want %s", c.attach, f.Name(), os.DevNull)
			}
		}
		closeNull()
	}
}
