package vmbench

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"
)

func ms(v ...float64) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, f := range v {
		out[i] = time.Duration(f * float64(time.Millisecond))
	}
	return out
}

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want Millis
	}{
		{nil, Millis{}},
		{ms(5), Millis{5, 5, 5}},
		{ms(9, 1, 5), Millis{1, 5, 9}},
		{ms(4, 1, 2, 10), Millis{1, 3, 10}},
	} {
		if got := summarize(tc.in); got != tc.want {
			t.Errorf("summarize(%v) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestFitAndDefaultN(t *testing.T) {
	if fit(1000, 230) != 4 || fit(1000, 0) != 0 {
		t.Errorf("fit: %d %d", fit(1000, 230), fit(1000, 0))
	}
	for _, tc := range []struct {
		cpus      int
		avail, vm float64
		want      int
	}{
		{2, 24000, 230, 2},
		{64, 24000, 230, 8},
		{16, 1000, 230, 2},
		{16, 2000, 230, 4},
	} {
		if got := DefaultN(tc.cpus, tc.avail, tc.vm); got != tc.want {
			t.Errorf("DefaultN(%d, %v, %v) = %d, want %d", tc.cpus, tc.avail, tc.vm, got, tc.want)
		}
	}
}

func sample() *Report {
	rows := []Row{
		{System: "qemu microvm (tcg)", Kind: "vm", N: 1, Started: 1, StartMs: Millis{5000, 5000, 5000}, PSSMiB: 220},
		{System: "tent run --network none", Kind: "container", N: 1, Started: 1, StartMs: Millis{20, 25, 30}, PSSMiB: 5},
		{System: "crun run", Kind: "container", N: 1, Started: 0, Error: "no marker <within> 30s"},
	}
	return &Report{Accel: "tcg: kvm unusable: open /dev/kvm: no such file", Machine: "microvm", Kernel: "vmlinuz-6.1 (/boot)",
		BudgetMiB: 1000, Rows: rows, Ratios: ratios(rows)}
}

func TestRatios(t *testing.T) {
	r := sample().Ratios
	if len(r) != 1 || r[0].Container != "tent run --network none" || r[0].Start != 200 || r[0].PSS != 44 {
		t.Errorf("ratios: %+v", r)
	}
}

func TestJSON(t *testing.T) {
	b, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Accel string `json:"accel"`
		Rows  []struct {
			System  string             `json:"system"`
			N       int                `json:"n"`
			StartMs map[string]float64 `json:"start_ms"`
			PSS     float64            `json:"pss_mib"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Accel == "" || len(got.Rows) != 3 || got.Rows[1].StartMs["median"] != 25 || got.Rows[0].PSS != 220 {
		t.Errorf("json: %s", b)
	}
	for _, k := range []string{"min", "median", "max"} {
		if _, ok := got.Rows[0].StartMs[k]; !ok {
			t.Errorf("start_ms lacks %s: %s", k, b)
		}
	}
}

func TestTable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, sample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"SYSTEM", "START MIN", "PSS/INSTANCE", "5.00 s", "25.0 ms", "220.0 MiB", "(no marker", "start   200.0x"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// TestSVG parses the chart: well-formed, one bar (rect) and whisker per
// row, a tick per decade, the labels escaped.
func TestSVG(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSVG(&b, sample()); err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(&b)
	counts := map[string]int{}
	var texts []string
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("svg: %v\n%s", err, b.String())
		}
		switch v := tok.(type) {
		case xml.StartElement:
			counts[v.Name.Local]++
			inText = v.Name.Local == "text"
			if v.Name.Local == "svg" && v.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("svg namespace %q", v.Name.Space)
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(v))
			}
		case xml.EndElement:
			inText = false
		}
	}
	if counts["svg"] != 1 || counts["rect"] != 1+3 || counts["path"] != 3 || counts["g"] != 3 {
		t.Errorf("elements: %v", counts)
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Start to marker", "qemu microvm (tcg)  n=1, 220.0 MiB", "5.00 s", "25.0 ms", "failed", "10 ms", "1 s", "10 s"} {
		if !strings.Contains(all, want) {
			t.Errorf("svg text lacks %q:\n%s", want, all)
		}
	}
}

func TestPNG(t *testing.T) {
	var b bytes.Buffer
	if err := WritePNG(&b, sample()); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	l := chartLayout(sample())
	if img.Bounds().Dx() != 2*l.W || img.Bounds().Dy() != 2*l.H {
		t.Errorf("png %v, layout %dx%d", img.Bounds(), l.W, l.H)
	}
	// the VM's bar is orange in its middle
	bb := l.Bars[0]
	r, g, bl, _ := img.At(int(l.PlotX0+bb.X1), (bb.Y+barH/2)*2).RGBA()
	if r>>8 != 0xe0 || g>>8 != 0x7b || bl>>8 != 0x39 {
		t.Errorf("vm bar colour %x %x %x", r>>8, g>>8, bl>>8)
	}
}

func TestParsePSSAndTree(t *testing.T) {
	if kb, ok := parsePSS("Rss:   100 kB\nPss:     42 kB\nPss_Anon: 1 kB\n"); !ok || kb != 42 {
		t.Errorf("pss %d %v", kb, ok)
	}
	got := tree(map[int]int{1: 0, 10: 1, 11: 10, 12: 11, 20: 1, 21: 20}, 10, 21)
	if len(got) != 4 {
		t.Errorf("tree: %v", got)
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("a", 100) + "/vmlinuz"
	got := clip(long, 40)
	if len([]rune(got)) > 40 || !strings.HasSuffix(got, "/vmlinuz") || !strings.Contains(got, "...") || clip("short", 40) != "short" {
		t.Errorf("clip: %q", got)
	}
}
