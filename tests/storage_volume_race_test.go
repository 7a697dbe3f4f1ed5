package tests

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// volume rm racing with `run -v NAME:/x`, pairs started together: as with
// Docker, either the rm comes first (then the run makes the volume anew)
// or it fails with "volume is in use"; the run always succeeds with a
// working volume, and nothing is left half made (no temp dirs in the
// store, no mount, cgroup or state entry).
func TestVolumeRmRacesRun(t *testing.T) {
	bb := busyboxImage(t)
	before := leakSnapshot(t)
	const pairs = 8
	var wg sync.WaitGroup
	runs, rms := make([]result, pairs), make([]result, pairs)
	names := make([]string, pairs)
	for i := range pairs {
		names[i] = uniq("race") + string(rune('a'+i))
		mustSucceed(t, tent(t, "volume", "create", names[i]))
		t.Cleanup(func() { tent(t, "volume", "rm", "-f", names[i]) })
	}
	for i := range pairs {
		wg.Add(2)
		go func() {
			defer wg.Done()
			runs[i] = tent(t, "run", "--rm", "--network", "none", "-v", names[i]+":/x", bb, "sh", "-c", "echo w > /x/f && cat /x/f")
		}()
		go func() { defer wg.Done(); rms[i] = tent(t, "volume", "rm", names[i]) }()
	}
	wg.Wait()
	inUse := 0
	for i := range pairs {
		if r := runs[i]; r.Code != 0 || strings.TrimSpace(r.Stdout) != "w" {
			t.Errorf("run -v %s beside a volume rm: want it to write and read its volume\n%s", names[i], r)
		}
		switch r := rms[i]; {
		case r.Code == 0:
		case strings.Contains(r.Stderr, "volume is in use - ["):
			inUse++
		default:
			t.Errorf("volume rm %s beside a run: want success or \"volume is in use\"\n%s", names[i], r)
		}
	}
	t.Logf("%d of %d rm refused as in use, the others came first", inUse, pairs)
	ents, _ := os.ReadDir(filepath.Join(testRoot, "volumes"))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") || strings.HasPrefix(e.Name(), ".rm-") {
			t.Errorf("left in the volume store: %s", e.Name())
		}
	}
	for _, n := range names { // rm refused or came first: either way the run's data is in a whole volume
		if _, err := os.Stat(filepath.Join(testRoot, "volumes", n, "_data")); err == nil {
			if b, err := os.ReadFile(filepath.Join(testRoot, "volumes", n, "_data", "f")); err != nil || string(b) != "w\n" {
				t.Errorf("volume %s: %q, %v; want the run's file", n, b, err)
			}
		}
	}
	assertNoLeaks(t, before)
}
