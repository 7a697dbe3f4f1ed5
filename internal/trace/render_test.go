package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// sampleTrace is a run as the engine records it: the init's steps are
// replayed (AddAt) after the runtime's later steps were recorded.
func sampleTrace() *Tracer {
	tr := New(nil)
	b := tr.Base()
	tr.AddAt("open stores", b, time.Millisecond)
	rt := tr.With("runtime")
	rt.AddAt("clone (CLONE_NEWNS|CLONE_NEWPID)", b+2e6, time.Millisecond)
	rt.AddAt("init setup", b+3e6, 5*time.Millisecond)
	in := rt.With("init")
	in.AddAt("mount proc on /proc", b+4e6, time.Millisecond)
	in.AddAt("pivot_root", b+6e6, 500*time.Microsecond)
	in.AddAt("a step whose name is far too long for its column", b+7e6, 100*time.Microsecond)
	tr.AddAt("container ran (wait)", b+8e6, 2*time.Millisecond)
	return tr
}

func TestWaterfall(t *testing.T) {
	var out bytes.Buffer
	if err := Waterfall(&out, "tent run --trace", sampleTrace().Steps(), 80); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := []string{"open stores", "  clone (CLONE_NEWNS", "  init setup", "    mount proc on /proc", "    pivot_root", "    a step whose", "container ran"}
	if len(lines) != 2+len(want) || !strings.Contains(lines[0], "7 steps in 10.000 ms") {
		t.Fatalf("waterfall:\n%s", out.String())
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d has %d columns: %q", i, n, l)
		}
		if i < 2 {
			continue
		}
		if name := l[17:]; !strings.HasPrefix(name, want[i-2]) {
			t.Errorf("line %d: %q, want step %q (in start order, indented by depth)", i, l, want[i-2])
		}
	}
	// offsets from the first step; bars placed on the 10 ms: the first
	// starts at the left edge, the last ends at the right one
	if !strings.HasPrefix(lines[2], "  0.000   1.000  open stores") || !strings.Contains(lines[2], "|███") {
		t.Errorf("first line %q", lines[2])
	}
	if !strings.HasSuffix(lines[len(lines)-1], "█|") || !strings.HasPrefix(lines[len(lines)-1], "  8.000   2.000") {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
}

func TestJSONLines(t *testing.T) {
	var out bytes.Buffer
	if err := JSONLines(&out, sampleTrace().Steps()); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&out)
	var got []jsonStep
	for sc.Scan() {
		var s jsonStep
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, s)
	}
	if len(got) != 7 || got[0].Step != "open stores" || got[3].Where != "init" || got[3].Depth != 2 ||
		got[3].StartMs != 4 || got[3].DurMs != 1 || got[1].Where != "runtime" {
		t.Errorf("json lines: %+v", got)
	}
}

func TestWaterfallEmpty(t *testing.T) {
	var out bytes.Buffer
	if err := Write(&out, "", "x", nil); err != nil || out.String() != "x: no steps\n" {
		t.Errorf("%q %v", out.String(), err)
	}
}

func TestExportImport(t *testing.T) {
	src := sampleTrace()
	dst := New(nil)
	dst.Import("monitor", src.Export())
	got, want := dst.Steps(), src.Steps()
	if len(got) != len(want) {
		t.Fatalf("imported %d steps, want %d", len(got), len(want))
	}
	shift := time.Duration(src.Base() - dst.Base())
	for i := range got {
		w := want[i]
		if got[i].Name != w.Name || got[i].Depth != w.Depth+1 || got[i].Start != w.Start+shift || got[i].Dur != w.Dur {
			t.Errorf("step %d: %+v, want %+v shifted by %v, one deeper", i, got[i], w, shift)
		}
	}
	if got[0].Where != "monitor" || got[1].Where != "runtime" {
		t.Errorf("where: %q %q", got[0].Where, got[1].Where)
	}
}
