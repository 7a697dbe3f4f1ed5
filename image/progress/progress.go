package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// Reporter receives layer progress (image.Progress) and is Waited for once
// the pull is over, before anything else is printed.
type Reporter interface {
	Start(id string, total int64)
	Add(id string, n int64)
	Done(id string, status string)
	Wait()
}

// New returns live bars when f is a terminal and plain lines otherwise.
// A bar's status while bytes move is "Downloading".
func New(f *os.File) Reporter { return NewActive(f, "Downloading") }

// NewActive is New with another status for a layer in flight ("Pushing").
func NewActive(f *os.File, active string) Reporter {
	if term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return newBars(f, active)
		}
	}
	return NewPlain(f)
}

// Plain prints one line per finished layer: "a1b2c3d4e5f6: Pull complete 2.1 MB".
type Plain struct {
	mu   sync.Mutex
	w    io.Writer
	done map[string]int64
}

// NewPlain returns a plain-line reporter writing to w.
func NewPlain(w io.Writer) *Plain { return &Plain{w: w, done: map[string]int64{}} }

// Start implements image.Progress.
func (p *Plain) Start(id string, total int64) {}

// Add implements image.Progress.
func (p *Plain) Add(id string, n int64) {
	p.mu.Lock()
	p.done[id] += n
	p.mu.Unlock()
}

// Done implements image.Progress.
func (p *Plain) Done(id, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := p.done[id]; n > 0 {
		fmt.Fprintf(p.w, "%s: %s %s\n", id, status, HumanSize(n))
		return
	}
	fmt.Fprintf(p.w, "%s: %s\n", id, status)
}

// Wait implements Reporter.
func (p *Plain) Wait() {}

// bars is the live display on a terminal.
type bars struct {
	mu     sync.Mutex
	active string // status of a layer in flight
	p      *mpb.Progress
	bars   map[string]*bar
}

type bar struct {
	b      *mpb.Bar
	status atomic.Value // string
}

func newBars(w io.Writer, active string) *bars {
	return &bars{p: mpb.New(mpb.WithOutput(w), mpb.WithWidth(40)), bars: map[string]*bar{}, active: active}
}

func (bs *bars) get(id string, total int64) *bar {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if b, ok := bs.bars[id]; ok {
		return b
	}
	b := &bar{}
	b.status.Store(bs.active)
	b.b = bs.p.AddBar(max(total, 0),
		mpb.PrependDecorators(decor.Name(id+": "),
			decor.Any(func(decor.Statistics) string { return b.status.Load().(string) }, decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.Any(counters)), mpb.BarFillerClearOnComplete())
	bs.bars[id] = b
	return b
}

// counters shows "12.3 MB / 40.5 MB", nothing for a layer never fetched.
func counters(s decor.Statistics) string {
	switch {
	case s.Current == 0 && s.Completed:
		return ""
	case s.Completed:
		return HumanSize(s.Current)
	}
	return HumanSize(s.Current) + " / " + HumanSize(s.Total)
}

func (bs *bars) Start(id string, total int64) { bs.get(id, total) }
func (bs *bars) Add(id string, n int64)       { bs.get(id, -1).b.IncrInt64(n) }
func (bs *bars) Done(id, status string) {
	b := bs.get(id, 0)
	b.status.Store(status)
	b.b.SetTotal(-1, true)
}
func (bs *bars) Wait() { bs.p.Wait() }

// HumanSize prints bytes as Docker does: 2.1 MB, 512 B (powers of 1000).
func HumanSize(n int64) string {
	units := []string{"B", "kB", "MB", "GB", "TB"}
	f := float64(n)
	i := 0
	for f >= 1000 && i < len(units)-1 {
		f /= 1000
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.3g %s", f, units[i])
}
