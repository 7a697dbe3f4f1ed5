package image

import (
	"fmt"
	"slices"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Stored is an image of the store for a push.
type Stored struct {
	// Image reads the manifest, config and layer blobs from the store as
	// they are: pushed, its digest is the stored manifest's and its id the
	// stored config's.
	Image v1.Image
	Meta  *Image
	// Sources maps each compressed layer digest to the repositories
	// (host/path) that images in the store holding it were pulled from or
	// pushed to: a push may mount the blob from one of them.
	Sources map[string][]string
}

// Stored resolves the name ref (as docker push does: not an id) to the
// stored image and its layers' sources.
func (s *Store) Stored(ref string) (*Stored, error) {
	full, err := Normalize(ref)
	if err != nil {
		return nil, err
	}
	ix, err := s.readIndex()
	if err != nil {
		return nil, err
	}
	id, ok := ix.Names[full]
	if !ok {
		return nil, fmt.Errorf("%s: %w: an image does not exist locally with this tag", Familiar(full), ErrNotFound)
	}
	r := ix.Images[id]
	img, err := s.v1Image(r)
	if err != nil {
		return nil, err
	}
	meta, err := s.image(ix, r)
	if err != nil {
		return nil, err
	}
	return &Stored{Image: img, Meta: meta, Sources: layerSources(ix, r)}, nil
}

// layerSources lists, for each layer of r, the repositories of the images
// holding that blob, from their repo digests (repo@sha256:…).
func layerSources(ix *index, r *record) map[string][]string {
	want := map[string]bool{}
	for _, l := range r.Layers {
		want[l.Digest] = true
	}
	src := map[string][]string{}
	for _, other := range ix.Images {
		for _, rd := range other.RepoDigests {
			d, err := name.NewDigest(rd)
			if err != nil {
				continue
			}
			repo := d.Context().Name()
			for _, l := range other.Layers {
				if want[l.Digest] && !slices.Contains(src[l.Digest], repo) {
					src[l.Digest] = append(src[l.Digest], repo)
				}
			}
		}
	}
	for _, repos := range src {
		slices.Sort(repos)
	}
	return src
}

// AddRepoDigest records that image id is at repoDigest (repo@sha256:…), as
// a push learns: later pushes may mount its layers from there.
func (s *Store) AddRepoDigest(id, repoDigest string) error {
	if _, err := name.NewDigest(repoDigest); err != nil {
		return fmt.Errorf("repo digest %q: %w", repoDigest, err)
	}
	return s.update(func(ix *index) error {
		r, ok := ix.Images[id]
		if !ok {
			return fmt.Errorf("image %s: %w", short(id), ErrNotFound)
		}
		if slices.Contains(r.RepoDigests, repoDigest) {
			return errNoWrite
		}
		r.RepoDigests = append(r.RepoDigests, repoDigest)
		return nil
	})
}
