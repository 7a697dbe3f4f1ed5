package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Sorted is steps ordered by start (then by depth, outer first): the init's
// steps, replayed after they ran, go to their place.
func Sorted(steps []Step) []Step {
	out := append([]Step(nil), steps...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Depth < out[j].Depth
	})
	return out
}

// Waterfall writes steps as a waterfall of width columns (at least 60):
// each step's offset and duration in ms, its name indented by its depth
// (the command, the runtime, the init) and a bar placed and sized on the
// time from the first start to the last end.
func Waterfall(w io.Writer, title string, steps []Step, width int) error {
	steps = Sorted(steps)
	if len(steps) == 0 {
		_, err := fmt.Fprintf(w, "%s: no steps\n", title)
		return err
	}
	t0, t1 := span(steps)
	width = max(width, 60)
	const numW, nameW = 8 + 8, 36
	barW := width - numW - nameW - 3
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d steps in %.3f ms (indent: tent > runtime > init)\n", title, len(steps), ms(t1-t0))
	fmt.Fprintf(&b, "%7s %7s  %-*s |%-*s|\n", "at ms", "ms", nameW-1, "step", barW, "")
	for _, s := range steps {
		name := strings.Repeat(" ", 2*s.Depth) + s.Name
		if n := []rune(name); len(n) > nameW-1 {
			name = string(n[:nameW-2]) + "…"
		}
		fmt.Fprintf(&b, "%7.3f %7.3f  %s |%s|\n", ms(s.Start-t0), ms(s.Dur), pad(name, nameW-1), bar(s, t0, t1, barW))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// span is the first start and the last end.
func span(steps []Step) (t0, t1 time.Duration) {
	t0, t1 = steps[0].Start, steps[0].End()
	for _, s := range steps {
		t0, t1 = min(t0, s.Start), max(t1, s.End())
	}
	if t1 <= t0 {
		t1 = t0 + 1
	}
	return t0, t1
}

// bar is the step's cells among n: spaces, then at least one block.
func bar(s Step, t0, t1 time.Duration, n int) string {
	scale := float64(n) / float64(t1-t0)
	a := int(float64(s.Start-t0) * scale)
	e := int(float64(s.End()-t0)*scale + 0.999)
	a = min(max(a, 0), n-1)
	e = min(max(e, a+1), n)
	return strings.Repeat(" ", a) + strings.Repeat("█", e-a) + strings.Repeat(" ", n-e)
}

func pad(s string, n int) string {
	if k := len([]rune(s)); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// jsonStep is one line of --trace=json.
type jsonStep struct {
	Step    string  `json:"step"`
	Where   string  `json:"where,omitempty"`
	Depth   int     `json:"depth"`
	StartMs float64 `json:"start_ms"`
	DurMs   float64 `json:"dur_ms"`
}

// JSONLines writes the steps, ordered as Waterfall orders them, one JSON
// object a line: {"step","where","depth","start_ms","dur_ms"}, start_ms
// from the first step's start.
func JSONLines(w io.Writer, steps []Step) error {
	steps = Sorted(steps)
	if len(steps) == 0 {
		return nil
	}
	t0, _ := span(steps)
	enc := json.NewEncoder(w)
	for _, s := range steps {
		if err := enc.Encode(jsonStep{Step: s.Name, Where: s.Where, Depth: s.Depth,
			StartMs: ms(s.Start - t0), DurMs: ms(s.Dur)}); err != nil {
			return err
		}
	}
	return nil
}

// Write renders steps in format: "json" (JSONLines) or anything else
// (Waterfall at 80 columns).
func Write(w io.Writer, format, title string, steps []Step) error {
	if format == "json" {
		return JSONLines(w, steps)
	}
	return Waterfall(w, title, steps, 80)
}
