package vmbench

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// WriteTable prints the report as Docker prints its lists: upper-case
// columns, aligned, then the ratios.
func WriteTable(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "accelerator: %s\nmachine: %s\nkernel: %s\nbudget: %.0f MiB\n\n", r.Accel, r.Machine, r.Kernel, r.BudgetMiB)
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	fmt.Fprintln(tw, "SYSTEM\tKIND\tN\tSTARTED\tSTART MIN\tMEDIAN\tMAX\tPSS/INSTANCE\tFIT IN BUDGET")
	for _, row := range r.Rows {
		if row.Started == 0 {
			fmt.Fprintf(tw, "%s\t%s\t%d\t0\t-\t-\t-\t-\t(%s)\n", row.System, row.Kind, row.N, row.Error)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%.1f MiB\t%d\n", row.System, row.Kind, row.N, row.Started,
			fmtMs(row.StartMs.Min), fmtMs(row.StartMs.Median), fmtMs(row.StartMs.Max), row.PSSMiB, row.Fit)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, q := range r.Ratios {
		if i == 0 {
			fmt.Fprintln(w, "\nVM / container (medians):")
		}
		fmt.Fprintf(w, "  n=%-3d vs %-27s start %7.1fx   PSS %6.1fx\n", q.N, q.Container, q.Start, q.PSS)
	}
	return nil
}

// fmtMs is a duration in ms with 3 significant digits, or in s past 1 s.
func fmtMs(ms float64) string {
	switch {
	case ms >= 10000:
		return fmt.Sprintf("%.1f s", ms/1000)
	case ms >= 1000:
		return fmt.Sprintf("%.2f s", ms/1000)
	case ms >= 100:
		return fmt.Sprintf("%.0f ms", ms)
	case ms >= 10:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.2f ms", ms)
}

// tickLabel is a decade's label: 0.1 ms, 1 ms, 10 ms, 100 ms, 1 s, 10 s.
func tickLabel(ms float64) string {
	if ms >= 1000 {
		return strconv.FormatFloat(ms/1000, 'f', -1, 64) + " s"
	}
	return strconv.FormatFloat(ms, 'f', -1, 64) + " ms"
}
