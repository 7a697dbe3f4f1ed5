package main

import (
	"fmt"
	"io"
	"strings"
)

// results holds every outcome: results[test][runtime name].
type results struct {
	Runtimes []string                      `json:"runtimes"`
	Tests    []string                      `json:"tests"`
	Outcomes map[string]map[string]outcome `json:"outcomes"`
}

// passed counts the tests rt passed.
func (r *results) passed(rt string) int {
	n := 0
	for _, t := range r.Tests {
		if r.Outcomes[t][rt].Pass {
			n++
		}
	}
	return n
}

// gaveUp counts the tests rt failed with a 1..0 plan.
func (r *results) gaveUp(rt string) int {
	n := 0
	for _, t := range r.Tests {
		if r.Outcomes[t][rt].gaveUp() {
			n++
		}
	}
	return n
}

// writeTable prints a markdown table: one row per test, a column per
// runtime, the pass counts last; then what failed, per runtime.
func writeTable(w io.Writer, r *results) {
	fmt.Fprintf(w, "| test | %s |\n|---|%s\n", strings.Join(r.Runtimes, " | "), strings.Repeat("---|", len(r.Runtimes)))
	for _, t := range r.Tests {
		cells := make([]string, len(r.Runtimes))
		for i, rt := range r.Runtimes {
			cells[i] = cell(r.Outcomes[t][rt])
		}
		fmt.Fprintf(w, "| %s | %s |\n", t, strings.Join(cells, " | "))
	}
	counts := make([]string, len(r.Runtimes))
	proveCounts := make([]string, len(r.Runtimes))
	for i, rt := range r.Runtimes {
		counts[i] = fmt.Sprintf("**%d/%d**", r.passed(rt), len(r.Tests))
		proveCounts[i] = fmt.Sprintf("%d", r.passed(rt)+r.gaveUp(rt))
	}
	fmt.Fprintf(w, "| passed | %s |\n", strings.Join(counts, " | "))
	fmt.Fprintf(w, "| passed or 1..0 (as prove counts) | %s |\n", strings.Join(proveCounts, " | "))
	for _, rt := range r.Runtimes {
		fmt.Fprintf(w, "\n%s failures:\n", rt)
		for _, t := range r.Tests {
			if o := r.Outcomes[t][rt]; !o.Pass {
				fmt.Fprintf(w, "- %s: %s\n", t, why(o))
			}
		}
	}
}

func cell(o outcome) string {
	switch {
	case o.Pass && o.Skipped > 0 && o.Skipped == o.Ran:
		return "skip"
	case o.Pass:
		return "ok"
	case o.gaveUp():
		return "FAIL (1..0)"
	}
	return "FAIL"
}

// why says in one line why a test failed.
func why(o outcome) string {
	var parts []string
	if len(o.Failures) > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d checks failed: %s", len(o.Failures), o.Planned, strings.Join(o.Failures, "; ")))
	}
	if len(o.Errors) > 0 {
		parts = append(parts, strings.Join(o.Errors, "; "))
	}
	if o.Note != "" {
		parts = append(parts, o.Note)
	}
	if len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("exit %d", o.Exit))
	}
	s := strings.Join(parts, "; ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
