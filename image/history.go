package image

import (
	"time"
)

// HistoryEntry is one line of docker history: a step of the image's
// config history, with the size of the layer it made.
type HistoryEntry struct {
	ID        string // the image's id on the newest entry, "<missing>" below
	Created   time.Time
	CreatedBy string
	Comment   string
	Size      int64 // unpacked bytes of its layer; 0 for an empty_layer step
}

// History lists img's history, newest first, as docker history: each
// config history entry, those that made a layer (not empty_layer) paired
// with the next layer's size. An image whose config has no history (or
// fewer entries than layers) gets an entry per layer left over.
func History(img *Image, layerSize func(diffID string) int64) []HistoryEntry {
	var out []HistoryEntry
	layer := 0
	for _, h := range img.Config.History {
		e := HistoryEntry{ID: "<missing>", Created: h.Created.Time, CreatedBy: h.CreatedBy, Comment: h.Comment}
		if !h.EmptyLayer && layer < len(img.DiffIDs) {
			e.Size = layerSize(img.DiffIDs[layer])
			layer++
		}
		out = append(out, e)
	}
	for ; layer < len(img.DiffIDs); layer++ {
		out = append(out, HistoryEntry{ID: "<missing>", Created: img.Created, Size: layerSize(img.DiffIDs[layer])})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	if len(out) > 0 {
		out[0].ID = img.ID
	}
	return out
}

// History is History of the image ref names, with its layers' sizes from
// the store (0 for one it cannot read).
func (s *Store) History(ref string) ([]HistoryEntry, error) {
	img, err := s.Resolve(ref)
	if err != nil {
		return nil, err
	}
	return History(img, func(diffID string) int64 {
		n, _ := s.layerSize(hexOf(diffID))
		return n
	}), nil
}
