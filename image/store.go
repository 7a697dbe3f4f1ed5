package image

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/flock"
)

// ErrNotFound is returned (wrapped) when no image matches a reference or id.
var ErrNotFound = errors.New("no such image")

// Image is one image in the store.
type Image struct {
	ID             string        `json:"id"`             // config digest, "sha256:<hex>"
	ManifestDigest string        `json:"manifestDigest"` // "sha256:<hex>"
	Names          []string      `json:"names"`          // normalized references, e.g. docker.io/library/alpine:latest
	Config         v1.ConfigFile `json:"config"`         // Entrypoint, Cmd, Env, WorkingDir, User, ExposedPorts, Volumes, Healthcheck, StopSignal
	DiffIDs        []string      `json:"diffIDs"`        // lowest layer first
	Size           int64         `json:"size"`           // unpacked bytes
	Created        time.Time     `json:"created"`
	RepoDigests    []string      `json:"repoDigests,omitempty"` // name@digest it was pulled by
}

// Store is tent's content-addressed image store under one root dir.
type Store struct {
	root string
	opts options
}

// Option configures a Store.
type Option func(*options)

type options struct {
	inUse      func(imageID string) bool
	maxSize    int64 // of one unpacked layer
	maxEntries int   // of one layer
	log        debuglog.Log
	decompress Decompressor
}

// WithInUse tells Remove which images containers use: those are only removed
// with force.
func WithInUse(f func(imageID string) bool) Option { return func(o *options) { o.inUse = f } }

// WithLayerLimits bounds each layer a pull or load brings in: maxSize bytes
// unpacked (its files, sparse ones at their full size, and its uncompressed
// tar stream) and maxEntries tar entries; a layer over either is refused with
// rootfs.ErrTooBig. Values <= 0 keep the defaults, rootfs.DefaultMaxSize
// (256 GiB) and rootfs.DefaultMaxEntries (1048576).
func WithLayerLimits(maxSize int64, maxEntries int) Option {
	return func(o *options) { o.maxSize, o.maxEntries = maxSize, maxEntries }
}

// The environment variables LayerLimitsFromEnv reads.
const (
	EnvMaxLayerSize    = "TENT_MAX_LAYER_SIZE"    // bytes, or with a K, M, G or T (IEC) suffix
	EnvMaxLayerEntries = "TENT_MAX_LAYER_ENTRIES" // tar entries, same syntax
)

// LayerLimitsFromEnv is WithLayerLimits from EnvMaxLayerSize and
// EnvMaxLayerEntries as getenv (os.Getenv) gives them; unset: the defaults.
func LayerLimitsFromEnv(getenv func(string) string) (Option, error) {
	size, err := parseSize(EnvMaxLayerSize, getenv(EnvMaxLayerSize))
	if err != nil {
		return nil, err
	}
	entries, err := parseSize(EnvMaxLayerEntries, getenv(EnvMaxLayerEntries))
	if err != nil {
		return nil, err
	}
	return WithLayerLimits(size, int(min(entries, 1<<40))), nil
}

// parseSize parses "", "1234" or "64G" (IEC multiples).
func parseSize(name, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	shift := 0
	if i := strings.IndexByte("KMGT", v[len(v)-1]&^0x20); i >= 0 {
		shift, v = 10*(i+1), v[:len(v)-1]
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)>>shift {
		return 0, fmt.Errorf("%s=%s: want a positive number, e.g. 1073741824 or 1G", name, v)
	}
	return n << shift, nil
}

// Decompressor opens the uncompressed stream of a layer blob, whatever its
// compression (rootfs/compression.Decompress: gzip, zstd or none).
type Decompressor func(io.Reader) (io.ReadCloser, error)

// WithDecompressor lets Ingest (pull, load, commit, build) bring layers in,
// decompressing them with d; a store opened without it only reads and
// removes images. It is an option, not an import, so that tent, which only
// reads the store, does not link the decompressors and their package inits;
// tent-image, which brings images in, gives it.
func WithDecompressor(d Decompressor) Option { return func(o *options) { o.decompress = d } }

// WithLogger logs the store's decisions (resolved references, layers
// fetched or kept, images committed and removed) at debug level to l;
// by default the store logs nothing.
func WithLogger(l debuglog.Logger) Option { return func(o *options) { o.log = debuglog.New(l) } }

// Open opens (creating if needed) the store at root, e.g. /var/lib/tent/image,
// and removes what killed pulls left in its tmp dir.
func Open(root string, opts ...Option) (*Store, error) {
	s := &Store{root: root}
	for _, o := range opts {
		o(&s.opts)
	}
	for _, d := range []string{"blobs/sha256", "layers", "layerinfo", "locks", "tmp"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			return nil, DiskErr(fmt.Errorf("open image store: %w", err))
		}
	}
	s.gcTmp()
	return s, nil
}

// Root is the store's dir.
func (s *Store) Root() string { return s.root }

// Resolve finds an image by reference (normalized as Docker does), full id or id prefix.
func (s *Store) Resolve(ref string) (*Image, error) {
	ix, err := s.readIndex()
	if err != nil {
		return nil, err
	}
	id, err := ix.lookup(ref)
	if err != nil {
		if s.opts.log.On() {
			s.opts.log.Debugf("resolve %s: %v", ref, err)
		}
		return nil, err
	}
	img, err := s.image(ix, ix.Images[id])
	if err == nil && s.opts.log.On() {
		s.opts.log.Debugf("resolve %s → %s (manifest %s, %d layers, in the store)",
			ref, img.ID, img.ManifestDigest, len(img.DiffIDs))
	}
	return img, err
}

// List returns every image, newest first.
func (s *Store) List() ([]*Image, error) {
	ix, err := s.readIndex()
	if err != nil {
		return nil, err
	}
	var imgs []*Image
	for _, r := range ix.Images {
		img, err := s.image(ix, r)
		if err != nil {
			return nil, err
		}
		imgs = append(imgs, img)
	}
	sort.Slice(imgs, func(i, j int) bool {
		if !imgs[i].Created.Equal(imgs[j].Created) {
			return imgs[i].Created.After(imgs[j].Created)
		}
		return imgs[i].ID < imgs[j].ID
	})
	return imgs, nil
}

// LayerDir is the unpacked dir of a layer, ready to be an overlay lowerdir.
func (s *Store) LayerDir(diffID string) string {
	return filepath.Join(s.root, "layers", hexOf(diffID))
}

// image makes the public Image of a record, reading its config blob.
func (s *Store) image(ix *index, r *record) (*Image, error) {
	b, err := os.ReadFile(s.blobPath(r.ID))
	if err != nil {
		return nil, fmt.Errorf("image %s: read config: %w", short(r.ID), err)
	}
	img := &Image{ID: r.ID, ManifestDigest: r.ManifestDigest, Names: ix.namesOf(r.ID),
		Size: r.Size, Created: r.Created, RepoDigests: r.RepoDigests}
	if img.Config, err = decodeConfig(b); err != nil {
		return nil, fmt.Errorf("image %s: parse config: %w", short(r.ID), err)
	}
	for _, l := range r.Layers {
		img.DiffIDs = append(img.DiffIDs, l.DiffID)
	}
	return img, nil
}

// lookup finds an image id by name, id or unique id prefix.
func (ix *index) lookup(ref string) (string, error) {
	if n, err := Normalize(ref); err == nil {
		if id, ok := ix.Names[n]; ok {
			return id, nil
		}
		for id, r := range ix.Images {
			for _, d := range r.RepoDigests {
				if d == n {
					return id, nil
				}
			}
		}
	}
	h := strings.TrimPrefix(ref, "sha256:")
	if !isHex(h) {
		return "", fmt.Errorf("%s: %w", ref, ErrNotFound)
	}
	var found []string
	for id := range ix.Images {
		if strings.HasPrefix(hexOf(id), h) {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", fmt.Errorf("%s: %w", ref, ErrNotFound)
	}
	return "", fmt.Errorf("%s: ambiguous image id prefix (%d images)", ref, len(found))
}

// BlobPath is where the verified blob with this digest ("sha256:<hex>" or
// "<hex>") is kept; a pull reads the small blobs it already has from there.
func (s *Store) BlobPath(digest string) string { return s.blobPath(digest) }

func (s *Store) blobPath(digest string) string {
	return filepath.Join(s.root, "blobs", "sha256", hexOf(digest))
}

// gcTmp removes leftovers of killed pulls: layer temps whose layer lock is
// free, small temps older than an hour, and trash of removed layers.
func (s *Store) gcTmp() {
	tmp := filepath.Join(s.root, "tmp")
	ents, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		kind, key, _ := strings.Cut(name, ".")
		switch kind {
		case "layer":
			hex, _, _ := strings.Cut(key, ".")
			if unlock, err := flock.Path(s.layerLock(hex), 0o600, flock.Exclusive|flock.NonBlock); err == nil {
				os.RemoveAll(filepath.Join(tmp, name))
				unlock()
			}
		case "small", "load":
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
				os.RemoveAll(filepath.Join(tmp, name))
			}
		case "trash":
			os.RemoveAll(filepath.Join(tmp, name))
		}
	}
}

func (s *Store) layerLock(hex string) string { return filepath.Join(s.root, "locks", hex) }

func hexOf(digest string) string { return strings.TrimPrefix(digest, "sha256:") }

// short is the 12-hex id users see.
func short(digest string) string {
	h := hexOf(digest)
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func isHex(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func sortStrings(s []string) { sort.Strings(s) }
