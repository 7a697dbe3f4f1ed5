package tests

import (
	"strings"
	"testing"
)

// container prune, image prune, system prune and system df, each in a
// store of its own (prune removes everything unused in its store).
func TestPruneAndDf(t *testing.T) {
	root, state := privateStore(t)
	in := func(args ...string) result { return tentIn(t, root, state, args...) }
	tarball := t.TempDir() + "/bb.tar"
	mustSucceed(t, runCmd(t, envWith(root, state), bin(t, "tent-mkimage"), "-o", tarball, "--ref", "tent-test/prune:1"))
	mustSucceed(t, in("load", "-i", tarball))
	mustSucceed(t, in("run", "--network", "none", "--name", "old", "-v", "/anon", "tent-test/prune:1", "sh", "-c", "head -c 100000 /dev/zero > /big"))
	r := in("system", "df")
	mustSucceed(t, r)
	for _, want := range []string{"TYPE", "RECLAIMABLE", "Images ", "Containers ", "Local Volumes ", "Build Cache ", "100kB"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("system df: no %q in\n%s", want, r.Stdout)
		}
	}
	if r := in("system", "df", "-v"); !strings.Contains(r.Stdout, "Containers space usage:") || !strings.Contains(r.Stdout, "old") {
		t.Errorf("system df -v:\n%s", r)
	}
	wantFail(t, in("container", "prune"), 1, "use -f")
	wantFail(t, in("system", "prune"), 1, "use -f")
	if r := in("container", "prune", "-f", "--filter", "until=1h"); strings.Contains(r.Stdout, "Deleted") {
		t.Fatalf("until=1h removed a new container:\n%s", r)
	}
	wantFail(t, in("container", "prune", "-f", "--filter", "color=red"), 1, "invalid filter")
	r = in("container", "prune", "-f")
	if !strings.Contains(r.Stdout, "Deleted Containers:") || in("ps", "-aq").Stdout != "" {
		t.Fatalf("container prune:\n%s", r)
	}
	if r := in("image", "prune", "-f"); !strings.Contains(r.Stdout, "Total reclaimed space: 0B") {
		t.Fatalf("image prune removed a tagged image:\n%s", r)
	}
	r = in("system", "prune", "-a", "--volumes", "-f")
	if !strings.Contains(r.Stdout, "Deleted Volumes:") || !strings.Contains(r.Stdout, "Deleted Images:") {
		t.Fatalf("system prune -a --volumes:\n%s", r)
	}
	if in("images", "-q").Stdout != "" || in("volume", "ls", "-q").Stdout != "" {
		t.Fatal("system prune -a --volumes left images or volumes")
	}
}
