package engine

import (
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// ttyPipes stands between a run without -t and the caller's terminal: a
// container given tent's own terminal fds could read from it, change its
// modes or push input into it (TIOCSTI). Each of stdin, stdout and stderr
// that is a terminal is replaced by a pipe that tent copies through; the
// others (files, pipes: scripts, the monitor's log) are passed as they are,
// at no cost.
type ttyPipes struct {
	child  []*os.File    // the container's ends, closed once create is done
	ours   []*os.File    // tent's ends, closed by close
	copied chan struct{} // one value per output copy finished
	outs   int
}

// pipeStdio returns the stdio for the container and the pipes behind it;
// interactive says whether the container gets stdin.
func pipeStdio(s Stdio, interactive bool) (Stdio, *ttyPipes, error) {
	p := &ttyPipes{copied: make(chan struct{}, 2)}
	out := Stdio{Out: s.Out, Err: s.Err}
	if interactive {
		out.In = s.In
	}
	var err error
	if isTerminal(out.In) {
		if out.In, err = p.input(s.In); err != nil {
			p.close()
			return Stdio{}, nil, err
		}
	}
	for _, f := range []**os.File{&out.Out, &out.Err} {
		if isTerminal(*f) {
			if *f, err = p.output(*f); err != nil {
				p.close()
				return Stdio{}, nil, err
			}
		}
	}
	return out, p, nil
}

func isTerminal(f *os.File) bool { return f != nil && term.IsTerminal(int(f.Fd())) }

// input copies the caller's terminal into a pipe read by the container.
func (p *ttyPipes) input(tty *os.File) (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.child, p.ours = append(p.child, r), append(p.ours, w)
	go func() { _, _ = io.Copy(w, tty); w.Close() }()
	return r, nil
}

// output copies a pipe written by the container to the caller's terminal.
func (p *ttyPipes) output(tty *os.File) (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.child, p.ours = append(p.child, w), append(p.ours, r)
	p.outs++
	go func() { _, _ = io.Copy(tty, r); p.copied <- struct{}{} }()
	return w, nil
}

// closeChild closes tent's copies of the container's ends: the init has its
// own, and the outputs see EOF once every process of the container is gone.
func (p *ttyPipes) closeChild() {
	if p == nil {
		return
	}
	for _, f := range p.child {
		f.Close()
	}
	p.child = nil
}

// drain waits (briefly) for the container's last output to be copied.
func (p *ttyPipes) drain() {
	if p == nil {
		return
	}
	p.closeChild()
	deadline := time.After(2 * time.Second)
	for ; p.outs > 0; p.outs-- {
		select {
		case <-p.copied:
		case <-deadline:
			return
		}
	}
}

// close closes every end; a copy still running ends with an error.
func (p *ttyPipes) close() {
	if p == nil {
		return
	}
	p.closeChild()
	for _, f := range p.ours {
		f.Close()
	}
	p.ours = nil
}
