package main

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// measureInTurns sets every contender up, then times run i of each in
// turn before run i+1 of any (-interleave): a load change during the
// bench then shifts every contender alike, and same-run ratios hold. A
// contender that fails a run is dropped from the turns with its error.
func measureInTurns(e *env, bs []bench, warmup, n int, rep *report) []string {
	type turn struct {
		b       bench
		r       *runner
		runs    int
		warm    int
		samples []time.Duration
		err     error
	}
	var turns []*turn
	for _, b := range bs {
		fmt.Fprintf(os.Stderr, "bench: set up %-14s %s ...\n", b.group, b.name)
		r, err := b.setup(e)
		var skip errSkip
		switch {
		case errors.As(err, &skip):
			rep.skip(b.group, b.name, "skipped: "+skip.msg)
			continue
		case err != nil:
			rep.skip(b.group, b.name, "failed: "+firstLine(err.Error()))
			continue
		}
		t := &turn{b: b, r: r, runs: n, warm: warmup}
		if b.runs > 0 && b.runs < n {
			t.runs, t.warm = b.runs, min(warmup, 1)
		}
		turns = append(turns, t)
	}
	for i := 0; i < warmup+n; i++ {
		for _, t := range turns {
			if t.err != nil || i >= t.warm+t.runs {
				continue
			}
			d, err := timeOne(t.r, i)
			if err != nil {
				t.err = fmt.Errorf("run %d: %w", i, err)
			} else if i >= t.warm {
				t.samples = append(t.samples, d)
			}
		}
	}
	var explained []string
	for _, t := range turns {
		if t.err != nil {
			rep.skip(t.b.group, t.b.name, "failed: "+firstLine(t.err.Error()))
		} else {
			rep.add(t.b.group, t.b.name, t.samples)
		}
		if t.r.explain != nil {
			text, err := t.r.explain()
			if err != nil {
				text = "(failed: " + err.Error() + ")"
			}
			explained = append(explained, fmt.Sprintf("%s:\n%s", t.b.name, text))
		}
		if t.r.close != nil {
			t.r.close()
		}
	}
	return explained
}

// timeOne times run i of r, with its untimed prepare and after.
func timeOne(r *runner, i int) (time.Duration, error) {
	if r.prepare != nil {
		if err := r.prepare(i); err != nil {
			return 0, fmt.Errorf("prepare: %w", err)
		}
	}
	start := time.Now()
	err := r.run(i)
	d := time.Since(start)
	if r.after != nil {
		r.after(i)
	}
	return d, err
}
