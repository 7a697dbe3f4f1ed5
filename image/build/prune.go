package build

import (
	"fmt"

	"github.com/tent-dev/tent/image"
)

// PruneReport is what Prune removed.
type PruneReport struct {
	Entries int      // cache entries
	Images  []string // intermediate images
	Bytes   int64    // unpacked size of those images (an upper bound of what was freed)
}

// Prune empties the build cache under dir and removes the build's
// intermediate images; layers that named images use stay.
func Prune(store *image.Store, dir string) (PruneReport, error) {
	var r PruneReport
	n, err := (&cache{dir: dir + "/cache", store: store}).prune()
	if err != nil {
		return r, fmt.Errorf("prune build cache: %w", err)
	}
	r.Entries = n
	imgs, err := store.List()
	if err != nil {
		return r, err
	}
	for _, img := range imgs {
		if !image.IsBuildIntermediate(img) {
			continue
		}
		if _, err := store.Remove(img.ID, false); err != nil {
			return r, fmt.Errorf("prune build cache: %w", err)
		}
		r.Images = append(r.Images, img.ID)
		r.Bytes += img.Size
	}
	return r, nil
}
