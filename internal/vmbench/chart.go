package vmbench

import (
	"fmt"
	"math"
)

// The chart: one horizontal bar per row (the median start), a whisker from
// min to max, on a log-scale time axis with a line per decade. SVG and PNG
// draw the same layout.
const (
	chartW     = 960
	labelW     = 300 // left: the row's label
	plotX0     = labelW + 10
	plotX1     = chartW - 90 // right: the median's value
	chartTop   = 80
	barPitch   = 40
	barH       = 22
	axisBottom = 50
)

type bar struct {
	Label, Value   string
	Y              int     // top of the bar
	X1             float64 // the median's end (bars start at plotX0)
	Lo, Hi         float64 // whisker
	VM             bool
	Color, Whisker string
}

type tick struct {
	X     float64
	Label string
}

type layout struct {
	W, H           int
	Title, Sub     string
	Bars           []bar
	Ticks          []tick
	AxisY          int
	PlotX0, PlotX1 float64
}

// chartLayout places the rows' bars on a log axis of whole decades.
func chartLayout(r *Report) layout {
	l := layout{W: chartW, Title: "Start to marker: VM vs containers (log scale; bar = median, whisker = min to max)",
		Sub: clip(fmt.Sprintf("accel %s | %s | kernel %s", r.Accel, r.Machine, r.Kernel), 130), PlotX0: plotX0, PlotX1: plotX1}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range r.Rows {
		if row.Started > 0 {
			lo, hi = math.Min(lo, row.StartMs.Min), math.Max(hi, row.StartMs.Max)
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 1, 1000
	}
	d0, d1 := math.Floor(math.Log10(math.Max(lo, 0.01))), math.Ceil(math.Log10(math.Max(hi, 0.01)))
	if d1 <= d0 {
		d1 = d0 + 1
	}
	x := func(ms float64) float64 {
		f := (math.Log10(math.Max(ms, 0.01)) - d0) / (d1 - d0)
		return plotX0 + math.Max(0, math.Min(1, f))*(plotX1-plotX0)
	}
	for d := d0; d <= d1; d++ {
		l.Ticks = append(l.Ticks, tick{X: x(math.Pow(10, d)), Label: tickLabel(math.Pow(10, d))})
	}
	y := chartTop
	for _, row := range r.Rows {
		b := bar{Label: fmt.Sprintf("%s  n=%d", row.System, row.N), Y: y, VM: row.Kind == "vm", Color: "#3b7dd8", Whisker: "#1d3f6e"}
		if b.VM {
			b.Color, b.Whisker = "#e07b39", "#7a3a12"
		}
		if row.Started == 0 {
			b.Value = "failed"
			b.X1, b.Lo, b.Hi = plotX0, plotX0, plotX0
		} else {
			b.Value = fmtMs(row.StartMs.Median)
			if row.PSSMiB > 0 {
				b.Label += fmt.Sprintf(", %.1f MiB", row.PSSMiB)
			}
			b.X1, b.Lo, b.Hi = x(row.StartMs.Median), x(row.StartMs.Min), x(row.StartMs.Max)
		}
		l.Bars = append(l.Bars, b)
		y += barPitch
	}
	l.AxisY = y + 4
	l.H = l.AxisY + axisBottom
	return l
}

// clip keeps the last n runes of s behind "...": a long kernel path keeps
// its file name in the subtitle.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n/2-2]) + "..." + string(r[len(r)-(n-n/2-1):])
}
