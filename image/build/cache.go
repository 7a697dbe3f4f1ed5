package build

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/atomicfile"
)

// cacheEntry is what a cached step made: its layer, and an image of the
// stage's state after it (for the next RUN), when one was stored.
type cacheEntry struct {
	Layer Layer  `json:"layer"`
	Image string `json:"image,omitempty"`
}

// cache is the build cache: one small JSON file per step key under dir.
// The layers themselves live in the image store.
type cache struct {
	dir   string
	store *image.Store
}

func (c *cache) path(key string) string { return filepath.Join(c.dir, key+".json") }

// get returns the entry of key when its layer is still in the store.
func (c *cache) get(key string) (cacheEntry, bool) {
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return cacheEntry{}, false
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || e.Layer.DiffID == "" {
		return cacheEntry{}, false
	}
	if !exists(c.store.LayerDir(e.Layer.DiffID)) || !exists(c.store.BlobPath(e.Layer.Digest)) {
		return cacheEntry{}, false
	}
	return e, true
}

func (c *cache) put(key string, e cacheEntry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	return atomicfile.WriteFile(c.path(key), b, 0o600)
}

// prune removes every entry; it returns how many there were.
func (c *cache) prune() (int, error) {
	ents, err := os.ReadDir(c.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	for _, e := range ents {
		if err := os.Remove(filepath.Join(c.dir, e.Name())); err != nil {
			return 0, err
		}
	}
	return len(ents), nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
