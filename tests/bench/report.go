package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// row is one contender's timings.
type row struct {
	group, name string
	median, p90 time.Duration
	n           int
	note        string // why it was skipped or failed; empty when measured
}

// report collects rows and prints them as one table, then the ratios.
type report struct {
	rows []row
}

func (r *report) add(group, name string, samples []time.Duration) {
	r.rows = append(r.rows, row{group: group, name: name, median: quantile(samples, 0.5), p90: quantile(samples, 0.9), n: len(samples)})
}

func (r *report) skip(group, name, note string) {
	r.rows = append(r.rows, row{group: group, name: name, note: note})
}

func (r *report) find(name string) (row, bool) {
	for _, x := range r.rows {
		if x.name == name && x.note == "" && x.n > 0 {
			return x, true
		}
	}
	return row{}, false
}

// quantile is the q-quantile by nearest rank (samples need not be sorted).
func quantile(samples []time.Duration, q float64) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if q == 0.5 && len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	i := int(math.Ceil(q*float64(len(s)))) - 1
	if i < 0 {
		i = 0
	}
	return s[i]
}

// fmtDur prints a duration in ms with sensible precision.
func fmtDur(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2f ms", ms)
	case ms < 1000:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%.2f s", ms/1000)
	}
}

// print writes the table (in registration order, grouped) and every ratio
// whose two sides were measured.
func (r *report) print(w io.Writer, ratios [][2]string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "group\tcontender\t%9s\t%9s\t%4s\t\n", "median", "p90", "n")
	groups := []string{"run"} // the headline group first, then in registration order
	seen := map[string]bool{"run": true}
	for _, x := range r.rows {
		if !seen[x.group] {
			seen[x.group] = true
			groups = append(groups, x.group)
		}
	}
	for _, g := range groups {
		for _, x := range r.rows {
			if x.group != g {
				continue
			}
			if x.note != "" {
				fmt.Fprintf(tw, "%s\t%s\t%9s\t%9s\t%4d\t%s\n", x.group, x.name, "-", "-", 0, x.note)
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%9s\t%9s\t%4d\t\n", x.group, x.name, fmtDur(x.median), fmtDur(x.p90), x.n)
		}
	}
	tw.Flush()
	var lines []string
	for _, rt := range ratios {
		a, okA := r.find(rt[0])
		b, okB := r.find(rt[1])
		if !okA || !okB || b.median == 0 {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s / %s = %.2f× (medians)", rt[0], rt[1], float64(a.median)/float64(b.median)))
	}
	if len(lines) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.Join(lines, "\n"))
	}
}
