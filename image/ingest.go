package image

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"golang.org/x/sync/errgroup"
)

// Plan is one image to bring into the store, made by Load here or by a pull
// (package image/registry): pure data plus the openers of its layer blobs.
type Plan struct {
	Names       []string // full names to point at the image
	RepoDigests []string // name@digest it was pulled by
	Manifest    []byte   // raw manifest; nil: made from the layers (docker-archive)
	Config      []byte   // raw config, verified by the caller; its digest is the image id
	Layers      []LayerSource
	Parallel    int      // layers fetched at once; <= 0: from the CPUs
	Progress    Progress // per-layer progress; nil: none
	Status      string   // of a fetched layer: "Pull complete", "Loaded"
}

// Ingest fetches the plan's layers in parallel, each verified in one
// streaming pass (digest, size, diffID from the config) and unpacked, writes
// its blobs and records the image and its names in the index. Layers already
// in the store are not fetched; a failed ingest leaves the store as it was.
func (s *Store) Ingest(ctx context.Context, p *Plan) (*Image, error) {
	if s.opts.decompress == nil {
		return nil, errNoDecompressor
	}
	if p.Progress == nil {
		p.Progress = nopProgress{}
	}
	if len(p.Config) > MaxConfigSize {
		return nil, fmt.Errorf("image config of %d bytes: %w: over the %d bytes limit", len(p.Config), ErrBadDescriptor, MaxConfigSize)
	}
	var cfg v1.ConfigFile
	if err := json.Unmarshal(p.Config, &cfg); err != nil {
		return nil, fmt.Errorf("parse image config: %w", err)
	}
	if len(cfg.RootFS.DiffIDs) != len(p.Layers) {
		return nil, fmt.Errorf("image config lists %d layers, manifest %d", len(cfg.RootFS.DiffIDs), len(p.Layers))
	}
	for i := range p.Layers {
		p.Layers[i].diffID = cfg.RootFS.DiffIDs[i]
		if p.Layers[i].diffID.Algorithm != "sha256" || !isHex(p.Layers[i].diffID.Hex) {
			return nil, fmt.Errorf("image config: bad diffID %q", p.Layers[i].diffID)
		}
		if p.Layers[i].Size < 0 { // it would lift the bound on the download
			return nil, fmt.Errorf("layer %s: %w: negative size %d", p.Layers[i].id(), ErrBadDescriptor, p.Layers[i].Size)
		}
	}
	for attempt := 0; ; attempt++ {
		rec, err := s.fetchLayers(ctx, p)
		if err != nil {
			return nil, err
		}
		id, err := s.putBlob(p.Config)
		if err != nil {
			return nil, err
		}
		rec.ID, rec.Created = id, cfg.Created.Time
		if err := s.putManifest(p, rec); err != nil {
			return nil, err
		}
		err = s.commit(rec, p.Names)
		if err == errLayerGone && attempt < 3 {
			continue // an rmi removed a shared layer between fetch and commit
		}
		if err != nil {
			return nil, err
		}
		if s.opts.log.On() {
			s.opts.log.Debugf("ingest %s: committed as %v (%d layers, %d bytes unpacked)", id, p.Names, len(rec.Layers), rec.Size)
		}
		return s.Resolve(id)
	}
}

// fetchLayers runs ensureLayer for every layer, p.Parallel at a time.
func (s *Store) fetchLayers(ctx context.Context, p *Plan) (*record, error) {
	done := make([]layerDone, len(p.Layers))
	g, gctx := errgroup.WithContext(ctx)
	n := min(p.Parallel, maxParallel)
	if n <= 0 {
		n = defaultParallel()
	}
	g.SetLimit(n)
	for _, i := range biggestFirst(p.Layers) {
		g.Go(func() error {
			d, err := s.ensureLayer(gctx, &p.Layers[i], p.Progress, p.Status)
			done[i] = d
			return err
		})
	}
	if err := g.Wait(); err != nil {
		s.rollback(done)
		return nil, err
	}
	rec := &record{RepoDigests: p.RepoDigests, Added: time.Now().UTC()}
	for _, d := range done {
		rec.Layers = append(rec.Layers, d.ref)
		rec.Size += d.unpacked
	}
	return rec, nil
}

// MaxConfigSize bounds an image config, which is read whole into memory:
// 8 MiB, twice the 4 MiB manifest that the OCI distribution spec asks
// clients to accept (containerd's MaxManifestSize is about that); real
// configs are a few KiB.
const MaxConfigSize = 8 << 20

// maxParallel bounds the layers in flight, whatever the caller asks: each
// holds buffers and a decompressor (up to a 128 MiB zstd window).
const maxParallel = 16

// defaultParallel is how many layers are fetched at once: enough streams to
// keep every core inflating (each layer is two stages: inflate, unpack) and
// to avoid one big layer running alone at the end; at most 8.
func defaultParallel() int { return min(8, max(4, 2*runtime.NumCPU()+1)) }

// biggestFirst orders layer indexes by compressed size, biggest first, so
// the longest fetches start first and the pull ends sooner.
func biggestFirst(ls []LayerSource) []int {
	idx := make([]int, len(ls))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ls[idx[a]].Size > ls[idx[b]].Size })
	return idx
}

// rollback removes the layers this pull installed that no image uses, so a
// failed pull leaves the store as it was.
func (s *Store) rollback(done []layerDone) {
	var trash []string
	s.update(func(ix *index) error {
		users, blobs := ix.layerUsers(), ix.blobUsers()
		for _, d := range done {
			if !d.fetched {
				continue
			}
			if users[d.ref.DiffID] == 0 {
				if t, err := s.trashLayer(d.ref.DiffID); err == nil && t != "" {
					trash = append(trash, t)
				}
			}
			if blobs[d.ref.Digest] == 0 {
				os.Remove(s.blobPath(d.ref.Digest))
			}
		}
		return errNoWrite
	})
	for _, t := range trash {
		os.RemoveAll(t)
	}
}

// putManifest stores the raw manifest, or for a docker-archive makes one
// from the layers as they were stored.
func (s *Store) putManifest(p *Plan, rec *record) error {
	raw := p.Manifest
	if raw == nil {
		m := v1.Manifest{SchemaVersion: 2, MediaType: types.DockerManifestSchema2,
			Config: v1.Descriptor{MediaType: types.DockerConfigJSON, Size: int64(len(p.Config)), Digest: mustHash(rec.ID)}}
		for _, l := range rec.Layers {
			mt := types.MediaType(l.MediaType)
			if mt == types.OCILayerZStd {
				m.MediaType, m.Config.MediaType = types.OCIManifestSchema1, types.OCIConfigJSON
			}
			m.Layers = append(m.Layers, v1.Descriptor{MediaType: mt, Size: l.Size, Digest: mustHash(l.Digest)})
		}
		if m.MediaType == types.OCIManifestSchema1 {
			for i := range m.Layers {
				m.Layers[i].MediaType = ociLayerType(m.Layers[i].MediaType)
			}
		}
		var err error
		if raw, err = json.Marshal(m); err != nil {
			return fmt.Errorf("encode manifest: %w", err)
		}
	}
	d, err := s.putBlob(raw)
	rec.ManifestDigest = d
	return err
}

func ociLayerType(mt types.MediaType) types.MediaType {
	switch mt {
	case types.DockerLayer:
		return types.OCILayer
	case types.DockerUncompressedLayer:
		return types.OCIUncompressedLayer
	}
	return mt
}

func mustHash(s string) v1.Hash {
	h, _ := v1.NewHash(s)
	return h
}

// putBlob stores a small blob (config, manifest) and returns its digest.
func (s *Store) putBlob(b []byte) (string, error) {
	h, _, err := v1.SHA256(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(s.blobPath(h.Hex)); err == nil {
		return h.String(), nil
	}
	return h.String(), writeFileAtomic(s.blobPath(h.Hex), s.tmpDir(), b)
}

func (s *Store) tmpDir() string { return s.root + "/tmp" }

// errNoDecompressor: the store was opened without WithDecompressor.
var errNoDecompressor = errors.New("this image store cannot bring layers in: opened without a decompressor")

var errLayerGone = fmt.Errorf("a layer was removed while pulling")

// commit records the image and points names at it, under the index lock,
// after checking every layer is (still) there.
func (s *Store) commit(rec *record, names []string) error {
	return s.update(func(ix *index) error {
		for _, l := range rec.Layers {
			if !exists(s.LayerDir(l.DiffID)) || !exists(s.blobPath(l.Digest)) {
				return errLayerGone
			}
		}
		old, replaced := ix.Images[rec.ID]
		if replaced {
			rec.RepoDigests = mergeNames(old.RepoDigests, rec.RepoDigests)
		}
		ix.Images[rec.ID] = rec
		if replaced && old.ManifestDigest != rec.ManifestDigest {
			s.dropUnused(ix, old) // same image, other manifest: its blobs go
		}
		for _, n := range names {
			ix.Names[n] = rec.ID
		}
		return nil
	})
}

func mergeNames(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range append(append([]string{}, a...), b...) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// HostPlatform is linux/<arch of this binary>; no variant, so that any
// variant of the architecture matches (arm64 images often omit v8).
func HostPlatform() v1.Platform {
	return v1.Platform{OS: "linux", Architecture: runtime.GOARCH}
}
