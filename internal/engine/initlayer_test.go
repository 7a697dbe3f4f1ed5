package engine

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tent-dev/tent/internal/layout"
)

func TestInitLayerConcurrent(t *testing.T) {
	e := &Engine{Layout: layout.New(t.TempDir(), "")}
	var wg sync.WaitGroup
	dirs := make([]string, 8)
	errs := make([]error, 8)
	for i := range dirs {
		wg.Add(1)
		go func(i int) { defer wg.Done(); dirs[i], errs[i] = e.initLayer() }(i)
	}
	wg.Wait()
	for i := range dirs {
		if errs[i] != nil || dirs[i] != dirs[0] {
			t.Fatalf("run %d: %q %v", i, dirs[i], errs[i])
		}
	}
	for _, ent := range initLayerEntries {
		st, err := os.Stat(filepath.Join(dirs[0], ent.path))
		if err != nil || st.IsDir() != ent.dir || st.Mode().Perm() != ent.mode {
			t.Errorf("%s: %v %v", ent.path, st.Mode(), err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(e.Layout.Root, layout.InitLayerTempPattern+"*")); len(left) != 0 {
		t.Errorf("temp dirs left: %v", left)
	}
}
