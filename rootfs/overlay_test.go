package rootfs

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func layerPaths(dir string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s/%064x", dir, i)
	}
	return out
}

func TestOverlayPlan(t *testing.T) {
	many := layerPaths("/var/lib/tent/image/layers", 50)     // too long absolute, fits relative
	tooMany := layerPaths("/var/lib/tent/image/layers", 150) // needs lowerdir+
	tests := []struct {
		name      string
		lowers    []string
		upper     string
		work      string
		volatile  bool
		wantChdir string
		wantOpts  []string // nil: checked by the predicate below
		check     func(t *testing.T, m Mount)
		wantErr   bool
	}{
		{name: "two layers", lowers: []string{"/l/a", "/l/b"}, upper: "/c/u", work: "/c/w",
			wantOpts: []string{"lowerdir=/l/b:/l/a", "upperdir=/c/u", "workdir=/c/w"}},
		{name: "read only", lowers: []string{"/l/a", "/l/b"},
			wantOpts: []string{"lowerdir=/l/b:/l/a"}},
		{name: "volatile", lowers: []string{"/l/a", "/l/b"}, upper: "/c/u", work: "/c/w", volatile: true,
			wantOpts: []string{"lowerdir=/l/b:/l/a", "upperdir=/c/u", "workdir=/c/w", "volatile"}},
		{name: "volatile without upper is ignored", lowers: []string{"/l/a", "/l/b"}, volatile: true,
			wantOpts: []string{"lowerdir=/l/b:/l/a"}},
		{name: "volatile with lowerdir+", lowers: []string{"/l/a:b", "/l/c"}, upper: "/c/u", work: "/c/w", volatile: true,
			wantOpts: []string{"lowerdir+=/l/c", "lowerdir+=/l/a:b", "upperdir=/c/u", "workdir=/c/w", "volatile"}},
		{name: "one layer read only is a bind", lowers: []string{"/l/a"},
			check: func(t *testing.T, m Mount) {
				if m.Type != "bind" || m.Source != "/l/a" {
					t.Errorf("got %+v, want a ro bind of /l/a", m)
				}
			}},
		{name: "relative when long", lowers: many, upper: "/c/u", work: "/c/w",
			wantChdir: "/var/lib/tent/image/layers",
			check: func(t *testing.T, m Mount) {
				if !strings.HasPrefix(m.Options[0], fmt.Sprintf("lowerdir=%064x:", 49)) {
					t.Errorf("lowerdir not relative top-first: %.80s", m.Options[0])
				}
			}},
		{name: "lowerdir+ when too many", lowers: tooMany, upper: "/c/u", work: "/c/w",
			check: func(t *testing.T, m Mount) {
				if len(m.Options) != 152 || m.Options[0] != LowerdirAppend+"="+tooMany[149] {
					t.Errorf("want 150 lowerdir+ top-first then upper/work, got %d opts, first %q", len(m.Options), m.Options[0])
				}
			}},
		{name: "colon in path uses lowerdir+", lowers: []string{"/l/a:b", "/l/c"},
			wantOpts: []string{"lowerdir+=/l/c", "lowerdir+=/l/a:b"}},
		{name: "no layers", wantErr: true},
		{name: "relative layer", lowers: []string{"l/a"}, wantErr: true},
		{name: "upper without work", lowers: []string{"/l/a"}, upper: "/c/u", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []OverlayOption
			if tt.volatile {
				opts = append(opts, Volatile())
			}
			ms, err := Overlay(tt.lowers, tt.upper, tt.work, "/c/rootfs", opts...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if len(ms) != 1 || ms[0].Target != "/c/rootfs" {
				t.Fatalf("plan = %+v", ms)
			}
			m := ms[0]
			if m.Chdir != tt.wantChdir {
				t.Errorf("chdir = %q, want %q", m.Chdir, tt.wantChdir)
			}
			if tt.wantOpts != nil && !reflect.DeepEqual(m.Options, tt.wantOpts) {
				t.Errorf("options = %q, want %q", m.Options, tt.wantOpts)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
			if m.Type == "overlay" && len(strings.Join(m.Options, ",")) > maxMountData && !strings.HasPrefix(m.Options[0], LowerdirAppend) {
				t.Errorf("legacy options longer than a page")
			}
		})
	}
}

func TestOverlayDuplicateLayers(t *testing.T) {
	ms, err := Overlay([]string{"/l/a", "/l/b", "/l/a", "/l/c"}, "/u", "/w", "/t")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ms[0].Options, ","); !strings.Contains(got, "lowerdir=/l/c:/l/a:/l/b,") {
		t.Errorf("options %s: want each layer once, the top-most copy kept", got)
	}
}
