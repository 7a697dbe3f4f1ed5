package image

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/tent-dev/tent/internal/flock"
)

// index is index.json: every image record and the names pointing at them.
type index struct {
	Images map[string]*record `json:"images"` // by id (config digest)
	Names  map[string]string  `json:"names"`  // normalized name → id
}

// record is what the store keeps about one image besides its blobs.
type record struct {
	ID             string     `json:"id"`
	ManifestDigest string     `json:"manifestDigest"`
	RepoDigests    []string   `json:"repoDigests,omitempty"`
	Layers         []layerRef `json:"layers"`
	Size           int64      `json:"size"` // unpacked bytes
	Created        time.Time  `json:"created"`
	Added          time.Time  `json:"added"`
}

// layerRef is one layer of an image: its blob and its unpacked dir.
type layerRef struct {
	Digest    string `json:"digest"`    // compressed blob
	Size      int64  `json:"size"`      // compressed bytes
	MediaType string `json:"mediaType"` // as in the manifest
	DiffID    string `json:"diffID"`    // uncompressed digest: layers/<hex>
}

func newIndex() *index {
	return &index{Images: map[string]*record{}, Names: map[string]string{}}
}

// readIndex reads index.json; a missing file is an empty index. No lock is
// needed: the file is only ever replaced by rename.
func (s *Store) readIndex() (*index, error) {
	b, err := os.ReadFile(filepath.Join(s.root, "index.json"))
	if errors.Is(err, os.ErrNotExist) {
		return newIndex(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read image index: %w", err)
	}
	ix, err := decodeIndex(b)
	if err != nil {
		return nil, fmt.Errorf("read image index %s: %w", filepath.Join(s.root, "index.json"), err)
	}
	return ix, nil
}

// update runs f on the current index under the store lock and writes the
// result (temp file + rename) if f returns nil.
func (s *Store) update(f func(*index) error) error {
	unlock, err := flock.Path(filepath.Join(s.root, "lock"), 0o600, flock.Exclusive)
	if err != nil {
		return err
	}
	defer unlock()
	ix, err := s.readIndex()
	if err != nil {
		return err
	}
	if err := f(ix); err == errNoWrite {
		return nil
	} else if err != nil {
		return err
	}
	b, err := json.MarshalIndent(ix, "", " ")
	if err != nil {
		return fmt.Errorf("encode image index: %w", err)
	}
	return writeFileAtomic(filepath.Join(s.root, "index.json"), filepath.Join(s.root, "tmp"), b)
}

// errNoWrite makes update return nil without writing the index.
var errNoWrite = errors.New("index unchanged")

// writeFileAtomic writes b to a temp file in tmpDir, syncs it and renames it
// to path.
func writeFileAtomic(path, tmpDir string, b []byte) error {
	f, err := os.CreateTemp(tmpDir, "small.")
	if err != nil {
		return DiskErr(fmt.Errorf("write %s: %w", path, err))
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return DiskErr(fmt.Errorf("write %s: %w", path, err))
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return DiskErr(fmt.Errorf("write %s: %w", path, err))
	}
	if err := f.Close(); err != nil {
		return DiskErr(fmt.Errorf("write %s: %w", path, err))
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// layerUsers counts the images using each diffID, and blobUsers each blob.
func (ix *index) layerUsers() map[string]int {
	n := map[string]int{}
	for _, r := range ix.Images {
		for _, l := range r.Layers {
			n[l.DiffID]++
		}
	}
	return n
}

func (ix *index) blobUsers() map[string]int {
	n := map[string]int{}
	for _, r := range ix.Images {
		n[r.ID]++
		n[r.ManifestDigest]++
		for _, l := range r.Layers {
			n[l.Digest]++
		}
	}
	return n
}

// namesOf lists the names pointing at id, sorted.
func (ix *index) namesOf(id string) []string {
	var names []string
	for n, i := range ix.Names {
		if i == id {
			names = append(names, n)
		}
	}
	sortStrings(names)
	return names
}
