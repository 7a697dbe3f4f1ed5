package rootfs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestDetach: an overlay made detached, then attached in a mount namespace
// of its own, is the overlay Apply makes (top-most layer wins, writes land
// in upper); dropped unattached, it leaves the work dir free for another.
func TestDetach(t *testing.T) {
	testutil.RequireRoot(t)
	for _, n := range []int{2, 5} {
		t.Run(fmt.Sprint(n, " layers"), func(t *testing.T) {
			dir := t.TempDir()
			lowers := makeLayers(t, dir, n)
			upper, work, target := overlayDirs(t, dir)
			plan, err := Overlay(lowers, upper, work, target)
			if err != nil {
				t.Fatal(err)
			}
			dropped, err := Detach(plan)
			if err != nil {
				t.Fatal(err)
			}
			dropped.Close() // the work dir is free again
			d, err := Detach(plan)
			if err != nil {
				t.Fatalf("detach after a dropped one: %v", err)
			}
			defer d.Close()
			err = InPrivateMountNamespace(func() error {
				if err := d.Attach(target); err != nil {
					return err
				}
				if b, _ := os.ReadFile(filepath.Join(target, "top")); string(b) != fmt.Sprint(n-1) {
					return fmt.Errorf("top = %q, want the top-most layer's %d", b, n-1)
				}
				return os.WriteFile(filepath.Join(target, "new"), nil, 0o644)
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(upper, "new")); err != nil {
				t.Errorf("write did not land in upper: %v", err)
			}
			if _, err := os.Stat(filepath.Join(target, "top")); err == nil {
				t.Errorf("the overlay is mounted on the host's %s", target)
			}
		})
	}
	for _, ms := range [][]Mount{nil, {{Type: "tmpfs"}}, {{Type: "overlay", Chdir: "/x"}},
		{{Type: "overlay", Options: []string{"lowerdir=rel/a"}}}, {{Type: "overlay", Options: []string{"rslave"}}}, {{Type: "overlay", Options: []string{"lowerdir=/a", "volatile"}}}} {
		if _, err := Detach(ms); !errors.Is(err, ErrNotDetachable) {
			t.Errorf("Detach(%+v) = %v, want ErrNotDetachable", ms, err)
		}
	}
}
