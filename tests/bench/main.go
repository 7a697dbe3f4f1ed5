package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"strconv"
	"strings"
	"time"
)

// bench is one contender.
type bench struct {
	name  string // row name, and what ratios refer to
	group string // rows of one group are printed together
	setup func(e *env) (*runner, error)
	runs  int // if set and below -n: timed runs of a slow contender (one warm-up)
}

// runner is a set-up contender.
type runner struct {
	prepare func(i int) error // untimed, before run i (optional)
	run     func(i int) error // timed
	after   func(i int)       // untimed, after run i (optional)
	close   func()            // once at the end (optional)
	explain func() (string, error)
}

var (
	benches []bench
	ratios  [][2]string // {a, b}: prints "a / b = 1.3×"
)

// errSkip marks a contender that cannot run here; its message is the note.
type errSkip struct{ msg string }

func (e errSkip) Error() string { return e.msg }

func skipf(format string, args ...any) error { return errSkip{fmt.Sprintf(format, args...)} }

func main() {
	n := flag.Int("n", 30, "timed runs per contender")
	warmup := flag.Int("warmup", 2, "untimed runs first")
	filter := flag.String("run", "", "only contenders whose group or name matches this regexp")
	verbose := flag.Bool("v", false, "print every run's time")
	interleave := flag.Bool("interleave", false, "set every chosen contender up first, then time them in turns (round-robin), so that load drift hits all alike")
	flag.Parse()
	if os.Geteuid() != 0 {
		fmt.Fprintln(os.Stderr, "bench: needs root (sudo make bench)")
		os.Exit(1)
	}
	re, err := regexp.Compile(*filter)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: -run: %v\n", err)
		os.Exit(2)
	}
	e, err := newEnv()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
	defer e.close()
	load0 := loadavg()
	var rep report
	var explained []string
	if *interleave {
		var chosen []bench
		for _, b := range benches {
			if re.MatchString(b.group) || re.MatchString(b.name) {
				chosen = append(chosen, b)
			}
		}
		explained = measureInTurns(e, chosen, *warmup, *n, &rep)
	}
	for _, b := range benches {
		if *interleave || (!re.MatchString(b.group) && !re.MatchString(b.name)) {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %-14s %s ...\n", b.group, b.name)
		runs, warm := *n, *warmup
		if b.runs > 0 && b.runs < runs {
			runs, warm = b.runs, min(warm, 1)
		}
		samples, text, err := measure(e, b, warm, runs, *verbose)
		var skip errSkip
		switch {
		case errors.As(err, &skip):
			rep.skip(b.group, b.name, "skipped: "+skip.msg)
		case err != nil:
			rep.skip(b.group, b.name, "failed: "+firstLine(err.Error()))
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", b.name, err)
		default:
			rep.add(b.group, b.name, samples)
		}
		if text != "" {
			explained = append(explained, fmt.Sprintf("%s:\n%s", b.name, text))
		}
	}
	fmt.Printf("\n%s, %d runs each (after %d warm-up), kernel %s, %d CPUs, load average %s at start, %s at end\n",
		time.Now().UTC().Format(time.RFC3339), *n, *warmup, kernel(), goruntime.NumCPU(), load0, loadavg())
	if l, _ := strconv.ParseFloat(load0, 64); l > float64(goruntime.NumCPU()) {
		fmt.Println("note: the machine was busy (load above its CPU count): expect noisy numbers")
	}
	fmt.Println()
	rep.print(os.Stdout, ratios)
	for _, x := range explained {
		fmt.Printf("\n%s\n", x)
	}
}

// measure sets b up and times n runs of it.
func measure(e *env, b bench, warmup, n int, verbose bool) ([]time.Duration, string, error) {
	r, err := b.setup(e)
	if err != nil {
		return nil, "", err
	}
	if r.close != nil {
		defer r.close()
	}
	var samples []time.Duration
	for i := 0; i < warmup+n; i++ {
		d, err := timeOne(r, i)
		if err != nil {
			return nil, "", fmt.Errorf("run %d: %w", i, err)
		}
		if i >= warmup {
			samples = append(samples, d)
			if verbose {
				fmt.Fprintf(os.Stderr, "  %s #%d: %s\n", b.name, i-warmup, fmtDur(d))
			}
		}
	}
	text := ""
	if r.explain != nil {
		if text, err = r.explain(); err != nil {
			text = "(failed: " + err.Error() + ")"
		}
	}
	return samples, text, nil
}

// run runs cmd to its end; its output only shows in the error.
func run(cmd *exec.Cmd) error {
	var out strings.Builder
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &out
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", strings.Join(cmd.Args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// need returns the path of a peer's command, or a skip when it is not installed.
func need(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", skipf("%s not installed (make bench-deps)", name)
	}
	return p, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return s
}

// loadavg is the 1-minute load average.
func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func kernel() string {
	b, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return strings.TrimSpace(string(b))
}

// dir makes a fresh dir under the bench's temp dir.
func (e *env) dir(name string) (string, error) {
	return os.MkdirTemp(e.tmp, filepath.Base(name)+"-")
}
