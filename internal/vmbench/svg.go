package vmbench

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// WriteSVG draws the chart as SVG 1.1 (readable by browsers, slides and
// rsvg): text in a generic sans-serif, no scripts, no external refs.
func WriteSVG(w io.Writer, r *Report) error {
	l := chartLayout(r)
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`+"\n",
		l.W, l.H, l.W, l.H)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", l.W, l.H)
	fmt.Fprintf(&b, `<text x="20" y="32" font-size="20" font-weight="bold" fill="#222">%s</text>`+"\n", esc(l.Title))
	fmt.Fprintf(&b, `<text x="20" y="56" font-size="13" fill="#555">%s</text>`+"\n", esc(l.Sub))
	for _, t := range l.Ticks {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd" stroke-width="1"/>`+"\n", t.X, chartTop-8, t.X, l.AxisY)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13" fill="#444" text-anchor="middle">%s</text>`+"\n", t.X, l.AxisY+20, esc(t.Label))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#444" stroke-width="1"/>`+"\n", l.PlotX0, l.AxisY, l.PlotX1, l.AxisY)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13" fill="#444" text-anchor="middle">start to marker (log scale)</text>`+"\n", (l.PlotX0+l.PlotX1)/2, l.AxisY+40)
	for _, bb := range l.Bars {
		mid := bb.Y + barH/2
		fmt.Fprintf(&b, `<g><title>%s: %s</title>`+"\n", esc(bb.Label), esc(bb.Value))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" fill="#222" text-anchor="end">%s</text>`+"\n", labelW, mid+5, esc(bb.Label))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", l.PlotX0, bb.Y, bb.X1-l.PlotX0, barH, bb.Color)
		fmt.Fprintf(&b, `<path d="M%.1f %dV%dM%.1f %dH%.1fM%.1f %dV%d" stroke="%s" stroke-width="2" fill="none"/>`+"\n",
			bb.Lo, mid-7, mid+7, bb.Lo, mid, bb.Hi, bb.Hi, mid-7, mid+7, bb.Whisker)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="14" fill="#222">%s</text></g>`+"\n", max(bb.Hi, bb.X1)+8, mid+5, esc(bb.Value))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func esc(s string) string { return html.EscapeString(s) }
