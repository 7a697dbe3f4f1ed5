package rootfs

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

func makeLayers(t *testing.T, dir string, n int) []string {
	t.Helper()
	lowers := make([]string, n)
	for i := range lowers {
		lowers[i] = filepath.Join(dir, "layers", fmt.Sprintf("%064x", i))
		if err := os.MkdirAll(lowers[i], 0o755); err != nil {
			t.Fatal(err)
		}
		// Every layer has its own file, and all write "top" (the top-most must win).
		if err := os.WriteFile(filepath.Join(lowers[i], fmt.Sprintf("f%d", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(lowers[i], "top"), []byte(fmt.Sprint(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return lowers
}

// overlayDirs makes an overlay's upper, work and target dirs under dir.
func overlayDirs(t *testing.T, dir string) (upper, work, target string) {
	t.Helper()
	upper, work, target = filepath.Join(dir, "upper"), filepath.Join(dir, "work"), filepath.Join(dir, "rootfs")
	for _, d := range []string{upper, work, target} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return upper, work, target
}

func TestApplyOverlay(t *testing.T) {
	testutil.RequireRoot(t)
	tests := []struct {
		n        int
		nested   bool // force the plan of kernels without lowerdir+
		volatile bool // tent run --rm
	}{{2, false, false}, {50, false, false}, {150, false, false}, {150, true, false}, {2, false, true}, {150, false, true}}
	for _, tt := range tests {
		n := tt.n
		t.Run(fmt.Sprint(n, " layers nested=", tt.nested, " volatile=", tt.volatile), func(t *testing.T) {
			dir := t.TempDir()
			lowers := makeLayers(t, dir, n)
			upper, work, target := overlayDirs(t, dir)
			var opts []OverlayOption
			if tt.volatile {
				opts = append(opts, Volatile())
			}
			plan, err := Overlay(lowers, upper, work, target, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if tt.nested {
				if plan, err = Nested(plan[0]); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(func() { unmountAll(target) })
			if err := Apply(plan); err != nil {
				t.Fatalf("apply %+v: %v", plan[0].Options[:1], err)
			}
			for _, f := range []string{"f0", fmt.Sprintf("f%d", n-1)} {
				if _, err := os.Stat(filepath.Join(target, f)); err != nil {
					t.Errorf("layer file missing: %v", err)
				}
			}
			if b, _ := os.ReadFile(filepath.Join(target, "top")); string(b) != fmt.Sprint(n-1) {
				t.Errorf("top = %q, want the top-most layer's %d", b, n-1)
			}
			if err := os.WriteFile(filepath.Join(target, "new"), nil, 0o644); err != nil {
				t.Errorf("write to overlay: %v", err)
			}
			if _, err := os.Stat(filepath.Join(upper, "new")); err != nil {
				t.Errorf("write did not land in upper: %v", err)
			}
		})
	}
}

// unmountAll detaches every mount stacked on target (the nested plan
// stacks the final overlay on a tmpfs holding the group mounts).
func unmountAll(target string) {
	for unix.Unmount(target, unix.MNT_DETACH) == nil {
	}
}
