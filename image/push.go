package image

import (
	"fmt"
	"slices"
)

// Stored is an image as the store keeps it, for a save or a push: what
// package image/archive reads to write it out byte for byte.
type Stored struct {
	Meta   *Image
	Layers []StoredLayer // its compressed layer blobs, as its manifest lists them
	// Names are the names a save writes: the one asked for, or all.
	Names []string
	// Sources maps each compressed layer digest to the repositories
	// (host/path, index.docker.io for Docker Hub) that images in the store
	// holding it were pulled from or pushed to: a push may mount the blob
	// from one of them.
	Sources map[string][]string
}

// StoredLayer is one compressed layer blob of a stored image.
type StoredLayer struct {
	Digest    string // sha256:<hex>
	Size      int64
	MediaType string
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
	st, err := s.stored(ix, id)
	if err != nil {
		return nil, err
	}
	st.Names, st.Sources = []string{full}, layerSources(ix, ix.Images[id])
	return st, nil
}

// ToSave resolves ref as Resolve does (a name, an id or its prefix) to the
// stored image with the names docker save writes: ref when it names the
// image, else all of the image's names.
func (s *Store) ToSave(ref string) (*Stored, error) {
	ix, err := s.readIndex()
	if err != nil {
		return nil, err
	}
	id, err := ix.lookup(ref)
	if err != nil {
		return nil, err
	}
	st, err := s.stored(ix, id)
	if err != nil {
		return nil, err
	}
	if full, err := Normalize(ref); err == nil && ix.Names[full] == id {
		st.Names = []string{full}
	} else {
		st.Names = ix.namesOf(id)
	}
	return st, nil
}

func (s *Store) stored(ix *index, id string) (*Stored, error) {
	r := ix.Images[id]
	meta, err := s.image(ix, r)
	if err != nil {
		return nil, err
	}
	st := &Stored{Meta: meta}
	for _, l := range r.Layers {
		st.Layers = append(st.Layers, StoredLayer{Digest: l.Digest, Size: l.Size, MediaType: l.MediaType})
	}
	return st, nil
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
			d, err := parseReference(rd)
			if err != nil || d.digest == "" {
				continue
			}
			repo := d.repository()
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
	if d, err := parseReference(repoDigest); err != nil {
		return fmt.Errorf("repo digest: %w", err)
	} else if d.digest == "" {
		return fmt.Errorf("repo digest %q: not REPOSITORY@DIGEST", repoDigest)
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
