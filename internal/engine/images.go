package engine

import "github.com/tent-dev/tent/image"

// RemoveImage removes (or untags) an image. As Docker's, an image a
// container was made from is in use until that container is removed: it
// is only untagged, and only with force.
func (e *Engine) RemoveImage(ref string, force bool) (image.Removed, error) {
	return e.Images.Remove(ref, force)
}

// imageInUse is the image store's in-use check (image.WithInUse): it
// answers from the container records.
func (e *Engine) imageInUse(id string) bool {
	if e.Containers == nil {
		return false
	}
	recs, err := e.Containers.List()
	if err != nil {
		return true // when in doubt, keep the image
	}
	for _, r := range recs {
		if r.ImageID == id {
			return true
		}
	}
	return false
}
