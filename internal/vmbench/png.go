package vmbench

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// WritePNG rasterizes the chart's layout at twice its size (for slides):
// filled rectangles, 2-pixel lines, text in the 7x13 bitmap font scaled 2x.
func WritePNG(w io.Writer, r *Report) error {
	l := chartLayout(r)
	const s = 2
	img := image.NewRGBA(image.Rect(0, 0, l.W*s, l.H*s))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	p := painter{img: img, s: s}
	p.text(20, 32, l.Title, hex("#222222"))
	p.text(20, 56, l.Sub, hex("#555555"))
	for _, t := range l.Ticks {
		p.rect(t.X, chartTop-8, 1, float64(l.AxisY-chartTop+8), hex("#dddddd"))
		p.textCentered(t.X, l.AxisY+20, t.Label, hex("#444444"))
	}
	p.rect(l.PlotX0, float64(l.AxisY), l.PlotX1-l.PlotX0, 1, hex("#444444"))
	p.textCentered((l.PlotX0+l.PlotX1)/2, l.AxisY+40, "start to marker (log scale)", hex("#444444"))
	for _, b := range l.Bars {
		mid := float64(b.Y + barH/2)
		p.text(labelW-p.width(b.Label), b.Y+barH/2+5, b.Label, hex("#222222"))
		p.rect(l.PlotX0, float64(b.Y), b.X1-l.PlotX0, barH, hex(b.Color))
		wc := hex(b.Whisker)
		p.rect(b.Lo, mid-7, 2, 14, wc)
		p.rect(b.Hi-1, mid-7, 2, 14, wc)
		p.rect(b.Lo, mid-1, b.Hi-b.Lo, 2, wc)
		p.text(int(math.Max(b.Hi, b.X1))+8, b.Y+barH/2+5, b.Value, hex("#222222"))
	}
	return png.Encode(w, img)
}

type painter struct {
	img *image.RGBA
	s   int
}

func (p painter) rect(x, y, w, h float64, c color.Color) {
	r := image.Rect(int(x*float64(p.s)), int(y*float64(p.s)), int((x+w)*float64(p.s)), int((y+h)*float64(p.s)))
	draw.Draw(p.img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// width is the text's width in chart units (7 px a glyph).
func (painter) width(t string) int { return 7 * len([]rune(t)) }

func (p painter) textCentered(x float64, baseline int, t string, c color.Color) {
	p.text(int(x)-p.width(t)/2, baseline, t, c)
}

// text draws t with its baseline at y, each glyph pixel as an s×s square.
func (p painter) text(x, y int, t string, c color.Color) {
	small := image.NewAlpha(image.Rect(0, 0, p.width(t)+2, 16))
	d := font.Drawer{Dst: small, Src: image.Opaque, Face: basicfont.Face7x13, Dot: fixed.P(0, 12)}
	d.DrawString(t)
	u := image.NewUniform(c)
	for sy := 0; sy < small.Rect.Dy(); sy++ {
		for sx := 0; sx < small.Rect.Dx(); sx++ {
			if small.AlphaAt(sx, sy).A < 128 {
				continue
			}
			r := image.Rect((x+sx)*p.s, (y-12+sy)*p.s, (x+sx+1)*p.s, (y-12+sy+1)*p.s)
			draw.Draw(p.img, r, u, image.Point{}, draw.Src)
		}
	}
}

func hex(s string) color.RGBA {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}
