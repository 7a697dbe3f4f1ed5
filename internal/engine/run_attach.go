package engine

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
)

// checkAttach refuses what Docker refuses of run -a/--attach: a stream
// other than stdin, stdout or stderr (any case), and -a with -d.
func checkAttach(o RunOptions) error {
	for _, s := range o.Attach {
		switch strings.ToLower(s) {
		case "stdin", "stdout", "stderr":
		default:
			return fmt.Errorf("invalid argument %q for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR", s)
		}
	}
	if len(o.Attach) > 0 && o.Detach {
		return errors.New("conflicting options: -a and -d")
	}
	_, err := ParseDetachKeys(o.DetachKeys)
	return err
}

// attached says whether run shows the container's stream (stdout or
// stderr): all of them without -a, else the ones named. The container's
// stdin is open with -i whatever -a says (Docker: -i attaches it).
func (o RunOptions) attached(stream string) bool {
	return len(o.Attach) == 0 || slices.ContainsFunc(o.Attach, func(s string) bool { return strings.EqualFold(s, stream) })
}

// attachStdio is stdio with the streams -a leaves out on /dev/null (with a
// tty: its output, unless stdout is attached); close closes what it opened.
func attachStdio(o RunOptions, stdio Stdio) (s Stdio, close func(), err error) {
	if len(o.Attach) == 0 {
		return stdio, func() {}, nil
	}
	var null *os.File
	open := func(f *os.File, stream string) *os.File {
		if o.attached(stream) || err != nil {
			return f
		}
		if null == nil {
			null, err = os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		}
		return null
	}
	s = Stdio{In: stdio.In, Out: open(stdio.Out, "stdout"), Err: open(stdio.Err, "stderr")}
	if err != nil {
		return Stdio{}, nil, fmt.Errorf("open %s for the streams -a leaves out: %w", os.DevNull, err)
	}
	return s, func() {
		if null != nil {
			null.Close()
		}
	}, nil
}
