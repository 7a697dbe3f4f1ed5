package monitor

import (
	"os"
	"slices"
)

// The init of a run -d is cloned ahead: as soon as tent has parsed its
// flags, before it makes the record and the rootfs, it tells the early
// monitor which init it will ask for (runtime.Runtime.InitCommandFor,
// TellAhead), so that the init's exec and Go start overlap tent's work
// instead of following it. When tent then asks for another one or none, it
// is killed, having done nothing: an init waits for its config before it
// does anything.

// preInit is an init cloned ahead, with the stdout and stderr pipes it
// was given (the monitor's first run uses them: takePipes).
type preInit struct {
	c                      InitCommand
	init                   *clonedInit
	outR, outW, errR, errW *os.File
}

// clonePre clones c ahead; nil when that fails (the init is then cloned
// on request).
func clonePre(c InitCommand) *preInit {
	var p [4]*os.File
	var err error
	if p[0], p[1], err = os.Pipe(); err != nil {
		return nil
	}
	if p[2], p[3], err = os.Pipe(); err != nil {
		closeFiles(p[:])
		return nil
	}
	ci, err := cloneInit(c, nil, p[1], p[3])
	if err != nil {
		closeFiles(p[:])
		return nil
	}
	return &preInit{c: c, init: ci, outR: p[0], outW: p[1], errR: p[2], errW: p[3]}
}

// takePipes hands the first run the pipes the init cloned ahead writes to.
func (t *adoptTarget) takePipes() (outR, outW, errR, errW *os.File, ok bool) {
	if t.pre == nil || t.pre.outR == nil {
		return nil, nil, nil, nil, false
	}
	p := t.pre
	outR, outW, errR, errW = p.outR, p.outW, p.errR, p.errW
	p.outR, p.outW, p.errR, p.errW = nil, nil, nil, nil
	return outR, outW, errR, errW, true
}

// mismatch says why the init cloned ahead is not c ("" when it is);
// stdin: c's stdin is a pipe, not /dev/null.
func (p *preInit) mismatch(c InitCommand, stdin bool) string {
	switch {
	case stdin:
		return "stdin is a pipe"
	case c.Terminal != p.c.Terminal:
		return "a tty or none"
	case c.CloneFlags != p.c.CloneFlags:
		return "other namespaces"
	case c.Path != p.c.Path || !slices.Equal(c.Args, p.c.Args) || !slices.Equal(c.Env, p.c.Env):
		return "another init command"
	}
	return ""
}

// abort kills and reaps the init cloned ahead and closes what it held; a
// nil p is a no-op.
func (p *preInit) abort() {
	if p == nil {
		return
	}
	killReap(p.init.pid)
	p.init.closeFiles()
	closeFiles([]*os.File{p.outR, p.outW, p.errR, p.errW})
}
