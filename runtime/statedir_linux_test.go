package runtime

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveStateDir(t *testing.T) {
	for name, files := range map[string][]string{
		"state only": {stateFileName}, "state and fifo": {stateFileName, fifoName},
		"empty": nil, "something else": {stateFileName, "other"},
	} {
		dir := filepath.Join(t.TempDir(), "c")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, f), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := removeStateDir(dir); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := os.Lstat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: dir still there (%v)", name, err)
		}
	}
	if err := removeStateDir(filepath.Join(t.TempDir(), "gone")); err != nil {
		t.Errorf("a dir already gone: %v", err)
	}
}
