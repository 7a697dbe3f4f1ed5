package image

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/internal/flock"
)

// Tag points the name dst at the image src resolves to.
func (s *Store) Tag(src, dst string) error {
	full, err := Normalize(dst)
	if err != nil {
		return err
	}
	return s.update(func(ix *index) error {
		id, err := ix.lookup(src)
		if err != nil {
			return err
		}
		ix.Names[full] = id
		return nil
	})
}

// Removed says what Remove did: "Untagged: NAME" or "Deleted: sha256:…" lines.
type Removed struct {
	Untagged []string
	Deleted  []string // image ids, then layer diffIDs
}

// Remove removes ref. A name is untagged; the image goes with its last name,
// or when ref is its id. An image with several names is only removed by id
// with force; an image a container uses (WithInUse) is only untagged, and
// only with force. Layers and blobs go when no image uses them any more.
func (s *Store) Remove(ref string, force bool) (Removed, error) {
	var out Removed
	var trash []string
	err := s.update(func(ix *index) error {
		out, trash = Removed{}, nil
		id, err := ix.lookup(ref)
		if err != nil {
			return err
		}
		names := ix.namesOf(id)
		full, nerr := Normalize(ref)
		byName := nerr == nil && ix.Names[full] == id
		deleting := !byName || len(names) == 1
		if !byName && len(names) > 1 && !force {
			return fmt.Errorf("image %s is referenced by %d names, use -f to remove them all", short(id), len(names))
		}
		if deleting && s.opts.inUse != nil && s.opts.inUse(id) {
			if !force {
				return fmt.Errorf("image %s: %w, use -f to force", short(id), ErrInUse)
			}
			deleting = false // like Docker: untag, keep the image for the container
		}
		untag := []string{full}
		if !byName {
			untag = names
		}
		for _, n := range untag {
			delete(ix.Names, n)
			out.Untagged = append(out.Untagged, Familiar(n))
		}
		if deleting {
			trash, err = s.deleteImage(ix, id, &out)
		}
		return err
	})
	for _, t := range trash {
		os.RemoveAll(t)
	}
	if err == nil && s.opts.log.On() {
		s.opts.log.Debugf("remove %s (force %v): untagged %v, deleted %v", ref, force, out.Untagged, out.Deleted)
	}
	return out, err
}

// deleteImage drops the record and every layer and blob no other image uses.
// Layer dirs are renamed into tmp/ (the caller removes them after the index
// is written); each under its layer lock, so no fetch of it is running.
func (s *Store) deleteImage(ix *index, id string, out *Removed) ([]string, error) {
	rec := ix.Images[id]
	delete(ix.Images, id)
	for n, i := range ix.Names {
		if i == id {
			delete(ix.Names, n)
		}
	}
	out.Deleted = append(out.Deleted, id)
	users, blobs := ix.layerUsers(), ix.blobUsers()
	var trash []string
	for _, l := range rec.Layers {
		if users[l.DiffID] == 0 {
			t, err := s.trashLayer(l.DiffID)
			if err != nil {
				return trash, err
			}
			if t != "" {
				trash = append(trash, t)
				out.Deleted = append(out.Deleted, l.DiffID)
			}
			users[l.DiffID] = -1 // once
		}
		if blobs[l.Digest] == 0 {
			os.Remove(s.blobPath(l.Digest))
		}
	}
	for _, b := range []string{rec.ManifestDigest, rec.ID} {
		if blobs[b] == 0 {
			os.Remove(s.blobPath(b))
		}
	}
	return trash, nil
}

// dropUnused removes the blobs of rec that no image in ix uses.
func (s *Store) dropUnused(ix *index, rec *record) {
	users := ix.blobUsers()
	for _, l := range rec.Layers {
		if users[l.Digest] == 0 {
			os.Remove(s.blobPath(l.Digest))
		}
	}
	if users[rec.ManifestDigest] == 0 {
		os.Remove(s.blobPath(rec.ManifestDigest))
	}
}

func (s *Store) trashLayer(diffID string) (string, error) {
	hex := hexOf(diffID)
	unlock, err := flock.Path(s.layerLock(hex), 0o600, flock.Exclusive)
	if err != nil {
		return "", err
	}
	defer unlock()
	return s.moveToTrash(diffID)
}

// moveToTrash renames a layer dir into tmp/; the caller holds its lock.
func (s *Store) moveToTrash(diffID string) (string, error) {
	hex := hexOf(diffID)
	dir := s.LayerDir(diffID)
	if !exists(dir) {
		return "", nil
	}
	t, err := os.MkdirTemp(s.tmpDir(), "trash.")
	if err != nil {
		return "", DiskErr(fmt.Errorf("remove layer %s: %w", short(hex), err))
	}
	if err := os.Rename(dir, filepath.Join(t, hex)); err != nil {
		return t, fmt.Errorf("remove layer %s: %w", short(hex), err)
	}
	os.Remove(filepath.Join(s.root, "layerinfo", hex))
	return t, nil
}
