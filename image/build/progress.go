package build

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress prints buildkit's plain progress: "#N [stage 2/5] COPY . .",
// then the step's output lines, "#N CACHED" or "#N DONE 0.3s". Quiet
// prints nothing (the caller prints the image id).
type progress struct {
	w     io.Writer
	quiet bool
	n     int
	mu    sync.Mutex
	began map[int]time.Time
}

func newProgress(w io.Writer, mode string) *progress {
	if w == nil {
		w = io.Discard
	}
	return &progress{w: w, quiet: mode == "quiet", began: map[int]time.Time{}}
}

func (p *progress) printf(format string, args ...any) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}

// start numbers and prints a step.
func (p *progress) start(title string) int {
	p.n++
	p.began[p.n] = time.Now()
	p.printf("#%d %s\n", p.n, title)
	return p.n
}

func (p *progress) line(step int, s string) { p.printf("#%d %s\n", step, s) }
func (p *progress) cached(step int)         { p.printf("#%d CACHED\n", step) }
func (p *progress) warn(s string)           { p.printf("[Warning] %s\n", s) }

func (p *progress) done(step int) {
	p.printf("#%d DONE %.1fs\n", step, time.Since(p.began[step]).Seconds())
}

// output is a pipe whose lines are printed as the step's (a RUN's
// stdout and stderr); close it with the returned func, which waits for
// the last line.
func (p *progress) output(step int) (*os.File, func(), error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, fmt.Errorf("output pipe: %w", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			p.line(step, sc.Text())
		}
		io.Copy(io.Discard, r)
		r.Close()
	}()
	return w, func() { w.Close(); <-done }, nil
}
