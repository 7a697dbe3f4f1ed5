package image

import (
	"encoding/json"

	"github.com/tent-dev/tent/internal/jsonlite"
)

// index.json is read field by field (internal/jsonlite): every run, pull
// and images reads it, and encoding/json's first Unmarshal of the index's
// types in a new process builds their decoders by reflection (about 1 ms
// of `tent run -d`'s CPU on a small VM, before its monitor can start the
// container). A document the field by field read refuses (another writer's
// key, a null, a duplicate key, an escaped time) goes to encoding/json;
// index_json_test.go compares the two.

// decodeIndex is json.Unmarshal(b, newIndex()): same result, same errors.
func decodeIndex(b []byte) (*index, error) {
	if ix, ok := decodeIndexFast(b); ok {
		return ix, nil
	}
	ix := newIndex()
	if err := json.Unmarshal(b, ix); err != nil {
		return nil, err
	}
	return ix, nil
}

func decodeIndexFast(b []byte) (*index, bool) {
	ix := newIndex()
	d := jsonlite.NewDecoder(b)
	d.Object(func(k string) bool {
		switch k {
		case "images":
			d.Object(func(id string) bool {
				r := new(record)
				d.Object(func(k string) bool { return r.decodeField(d, k) })
				ix.Images[id] = r
				return true
			})
		case "names":
			d.Object(func(name string) bool {
				ix.Names[name] = d.String()
				return true
			})
		default:
			return false
		}
		return true
	})
	return ix, d.OK()
}

func (r *record) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "id":
		r.ID = d.String()
	case "manifestDigest":
		r.ManifestDigest = d.String()
	case "repoDigests":
		if !d.Null() {
			r.RepoDigests = d.Strings()
		}
	case "layers":
		if !d.Null() {
			r.Layers = []layerRef{}
			d.Array(func() { r.Layers = append(r.Layers, decodeLayerRef(d)) })
		}
	case "size":
		r.Size = d.Int(64)
	case "created":
		r.Created = d.Time()
	case "added":
		r.Added = d.Time()
	default:
		return false
	}
	return true
}

func decodeLayerRef(d *jsonlite.Decoder) layerRef {
	var l layerRef
	d.Object(func(k string) bool {
		switch k {
		case "digest":
			l.Digest = d.String()
		case "size":
			l.Size = d.Int(64)
		case "mediaType":
			l.MediaType = d.String()
		case "diffID":
			l.DiffID = d.String()
		default:
			return false
		}
		return true
	})
	return l
}
