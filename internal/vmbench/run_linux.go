package vmbench

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/tent-dev/tent/internal/vm"
)

// Options configure a run; cmd/tent-bench fills them from flags.
type Options struct {
	N            int    // the second N; 0: DefaultN
	Accel        string // auto, kvm or tcg
	Kernel       string // --kernel; "": /boot, then Cache, then a fetch into Cache
	Initrd       string // --initrd; "": the busybox payload built here
	Cache        string // kernels fetched with apt-get download
	BootDir      string // /boot
	DevKVM       string // /dev/kvm
	Tent         string // the tent binary, and its global flags
	TentGlobals  []string
	Mkimage      string // tent-mkimage, to make the bench image when missing
	Busybox      string // a static busybox
	Marker       string
	VMMemMiB     int
	BootTimeout  time.Duration // per VM boot
	StartTimeout time.Duration // per container
	BudgetMiB    float64       // 0: MemAvailable
	Progress     io.Writer     // one line per instance
}

// BenchImage is the image tent runs: tent-mkimage's busybox.
const BenchImage = "tent-bench/busybox:latest"

type bench struct {
	o      Options
	pid    int
	work   string
	rootfs string
	image  string

	mu   sync.Mutex
	live map[*vm.Proc]func() // running instances and how to stop each
	// stopping is held while stopAll runs: Run's own call after a cancel
	// waits for the one the cancel started, so nothing outlives Run.
	stopping sync.Mutex
}

// Run boots and starts everything, and returns the report. Cancelling ctx
// (SIGINT, SIGTERM) stops and removes every instance it started.
func Run(ctx context.Context, o Options) (*Report, error) {
	work, err := os.MkdirTemp("", "tent-bench-")
	if err != nil {
		return nil, fmt.Errorf("bench vm: %w", err)
	}
	defer os.RemoveAll(work)
	b := &bench{o: o, pid: os.Getpid(), work: work, image: BenchImage, live: map[*vm.Proc]func(){}}
	stopWatch := context.AfterFunc(ctx, b.stopAll)
	defer stopWatch()
	rep, systems, err := b.prepare(ctx)
	for _, s := range systems {
		if s.close != nil {
			defer s.close()
		}
	}
	if err != nil {
		return nil, err
	}
	ns := []int{1}
	if b.o.N > 1 { // prepare picked the default
		ns = append(ns, b.o.N)
	}
	for _, n := range ns {
		for _, s := range systems {
			row := b.measure(ctx, s, n)
			if ctx.Err() != nil {
				b.stopAll()
				return nil, fmt.Errorf("bench vm: %w: every VM and container it started is stopped", ctx.Err())
			}
			row.Fit = fit(rep.BudgetMiB, row.PSSMiB)
			rep.Rows = append(rep.Rows, row)
		}
	}
	rep.Ratios = ratios(rep.Rows)
	return rep, nil
}

// measure starts n instances of s side by side, times each to its marker,
// sums each one's PSS once all are up, and stops them.
func (b *bench) measure(ctx context.Context, s system, n int) Row {
	row := Row{System: s.name, Kind: s.kind, N: n}
	timeout := b.o.StartTimeout
	if s.kind == "vm" {
		timeout = b.o.BootTimeout
	}
	procs := make([]*vm.Proc, n)
	for i := range procs {
		if ctx.Err() != nil {
			break
		}
		p, err := s.start(i)
		if err != nil {
			row.Error = err.Error()
			fmt.Fprintf(b.o.Progress, "%s n=%d #%d: %v\n", s.name, n, i+1, err)
			continue
		}
		procs[i] = p
		b.track(p, func() { s.stop(i, p) })
	}
	durs := b.waitAll(s, n, procs, timeout, &row)
	if len(durs) > 0 && ctx.Err() == nil {
		total := 0.0
		for i, p := range procs {
			if p != nil {
				roots := []int{p.PID()}
				if s.extra != nil {
					roots = append(roots, s.extra(i)...)
				}
				total += pssMiB(roots...)
			}
		}
		row.PSSMiB = round(total / float64(len(durs)))
	}
	row.Started, row.StartMs = len(durs), summarize(durs)
	var wg sync.WaitGroup
	for _, p := range procs {
		if stop := b.untrack(p); stop != nil {
			wg.Go(stop)
		}
	}
	wg.Wait()
	return row
}

// waitAll waits for each instance's marker, printing a line as each comes.
func (b *bench) waitAll(s system, n int, procs []*vm.Proc, timeout time.Duration, row *Row) []time.Duration {
	var mu sync.Mutex
	var durs []time.Duration
	var wg sync.WaitGroup
	for i, p := range procs {
		if p == nil {
			continue
		}
		wg.Go(func() {
			d, err := p.WaitMarker(timeout)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				row.Error = err.Error()
				fmt.Fprintf(b.o.Progress, "%s n=%d #%d: %v\n", s.name, n, i+1, err)
				return
			}
			durs = append(durs, d)
			fmt.Fprintf(b.o.Progress, "%s n=%d #%d: marker after %s\n", s.name, n, i+1, fmtMs(float64(d.Microseconds())/1000))
		})
	}
	wg.Wait()
	return durs
}

func (b *bench) track(p *vm.Proc, stop func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.live[p] = stop
}

// untrack returns p's stop, once: from measure or from stopAll.
func (b *bench) untrack(p *vm.Proc) func() {
	if p == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	stop := b.live[p]
	delete(b.live, p)
	return stop
}

// stopAll stops every running instance (on cancel).
func (b *bench) stopAll() {
	b.stopping.Lock()
	defer b.stopping.Unlock()
	b.mu.Lock()
	stops := make([]func(), 0, len(b.live))
	for p, stop := range b.live {
		stops = append(stops, stop)
		delete(b.live, p)
	}
	b.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range stops {
		wg.Go(s)
	}
	wg.Wait()
}

// ensureImage loads tent-mkimage's busybox as BenchImage when tent has none.
func (b *bench) ensureImage() error {
	tent := func(args ...string) *exec.Cmd {
		return exec.Command(b.o.Tent, append(append([]string{}, b.o.TentGlobals...), args...)...)
	}
	if tent("image", "inspect", b.image).Run() == nil {
		return nil
	}
	tar := b.work + "/busybox.tar"
	if out, err := exec.Command(b.o.Mkimage, "-o", tar, "--ref", b.image).CombinedOutput(); err != nil {
		return fmt.Errorf("bench image: %s: %w: %s", b.o.Mkimage, err, out)
	}
	if out, err := tent("load", "-i", tar).CombinedOutput(); err != nil {
		return fmt.Errorf("bench image: tent load: %w: %s", err, out)
	}
	return nil
}
