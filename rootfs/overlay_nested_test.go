package rootfs

import (
	"strings"
	"testing"
)

func TestNestedPlan(t *testing.T) {
	lowers := layerPaths("/var/lib/tent/image/layers", 150)
	plan, err := Overlay(lowers, "/c/u", "/c/w", "/c/rootfs")
	if err != nil {
		t.Fatal(err)
	}
	nested, err := Nested(plan[0])
	if err != nil {
		t.Fatal(err)
	}
	// tmpfs, 3 groups of ~62 (64 hex + ':' each), the final overlay.
	if len(nested) != 5 || nested[0].Type != "tmpfs" || nested[4].Target != "/c/rootfs" {
		t.Fatalf("plan: %d mounts: %+v", len(nested), nested[0])
	}
	final := nested[4].Options
	if final[0] != "lowerdir=/c/rootfs/0:/c/rootfs/1:/c/rootfs/2" || final[1] != "upperdir=/c/u" || final[2] != "workdir=/c/w" {
		t.Errorf("final options %q", final)
	}
	total := 0
	for _, m := range nested[1:4] {
		if m.Chdir != "/var/lib/tent/image/layers" || len(strings.Join(m.Options, ",")) > maxMountData {
			t.Errorf("group %s: chdir %q, %d bytes", m.Target, m.Chdir, len(strings.Join(m.Options, ",")))
		}
		total += strings.Count(m.Options[0], ":") + 1
	}
	if total != 150 || !strings.HasPrefix(nested[1].Options[0], "lowerdir="+lowers[149][len("/var/lib/tent/image/layers/"):]) {
		t.Errorf("groups hold %d layers, first %.80s", total, nested[1].Options[0])
	}
	if _, err := Nested(Mount{Type: "overlay", Target: "/x", Options: []string{"lowerdir=/a:/b"}}); err == nil {
		t.Error("Nested of a legacy overlay should fail")
	}
}
