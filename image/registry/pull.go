package registry

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"

	"github.com/tent-dev/tent/image"
)

// Pull fetches ref from its registry into the store s: layers in parallel,
// each in one verified streaming pass (image.Store.Ingest); layers already
// in the store are not fetched.
func Pull(ctx context.Context, s *image.Store, ref string, opts ...Option) (*image.Image, error) {
	o := makeOptions(opts)
	r, err := ParseReference(ref)
	if err != nil {
		return nil, err
	}
	full, err := image.Normalize(ref)
	if err != nil {
		return nil, err
	}
	repo := r.Context()
	if o.log.On() {
		o.log.Debugf("pull %s: %s from %s (platform %s)", ref, full, repo.RegistryStr(), o.platform.String())
	}
	auth, err := authn.Resolve(ctx, o.keychain, repo)
	if err != nil {
		return nil, fmt.Errorf("credentials for %s: %w", repo.RegistryStr(), err)
	}
	base := transport.NewUserAgent(transport.NewRetry(o.transport), "tent")
	tr, err := transport.NewWithContext(ctx, repo.Registry, auth, base, []string{repo.Scope(transport.PullScope)})
	if err != nil {
		return nil, registryErr("pull "+full, err)
	}
	p, err := remotePlan(ctx, r, full, tr, o.platform, localBlob(s))
	if err != nil {
		return nil, err
	}
	if o.log.On() {
		o.log.Debugf("pull %s: manifest %s, %d layers", full, p.RepoDigests[0], len(p.Layers))
	}
	p.Parallel, p.Progress, p.Status = o.parallel, o.progress, "Pull complete"
	img, err := s.Ingest(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", full, err)
	}
	if o.log.On() {
		o.log.Debugf("pull %s → %s", full, img.ID)
	}
	return img, nil
}

// remotePlan reads the manifest (picking the platform from an index) and
// the config, and plans the layer fetches.
func remotePlan(ctx context.Context, r name.Reference, full string, tr http.RoundTripper, pf v1.Platform,
	local func(v1.Hash) ([]byte, bool)) (*image.Plan, error) {
	ropts := []remote.Option{remote.WithTransport(tr), remote.WithContext(ctx)}
	desc, err := remote.Get(r, ropts...)
	if err != nil {
		return nil, registryErr("pull "+full, err)
	}
	top := desc.Digest
	if desc.MediaType.IsIndex() {
		if desc, err = pickPlatform(r, full, desc, pf, ropts); err != nil {
			return nil, err
		}
	}
	img, err := desc.Image()
	if err != nil {
		return nil, registryErr("pull "+full, err)
	}
	m, err := img.Manifest()
	if err != nil {
		return nil, registryErr("pull "+full, err)
	}
	cfg, ok := local(m.Config.Digest) // an image already here: no config fetch
	if !ok {
		// ggcr reads the config whole, bounded by the descriptor's size.
		if m.Config.Size < 0 || m.Config.Size > image.MaxConfigSize {
			return nil, fmt.Errorf("pull %s: config: %w: size %d is not within 0..%d bytes",
				full, image.ErrBadDescriptor, m.Config.Size, image.MaxConfigSize)
		}
		if cfg, err = img.RawConfigFile(); err != nil {
			return nil, registryErr("pull "+full+": config", err)
		}
	}
	if err := verifyBytes("config", cfg, m.Config.Digest.Hex); err != nil {
		return nil, fmt.Errorf("pull %s: %w", full, err)
	}
	var names []string // a pull by digest names no tag, like Docker
	if _, byDigest := r.(name.Digest); !byDigest {
		names = []string{full}
	}
	repo, _ := image.SplitName(full)
	p := &image.Plan{Names: names, RepoDigests: []string{repo + "@" + top.String()},
		Manifest: desc.Manifest, Config: cfg}
	client := &http.Client{Transport: tr}
	for _, l := range m.Layers {
		if !l.MediaType.IsLayer() {
			return nil, fmt.Errorf("pull %s: unsupported layer type %s", full, l.MediaType)
		}
		p.Layers = append(p.Layers, image.LayerSource{Digest: l.Digest, Size: l.Size, MediaType: string(l.MediaType),
			Open: blobOpener(client, r.Context(), l.Digest)})
	}
	return p, nil
}

// pickPlatform returns the index's manifest for pf.
func pickPlatform(r name.Reference, full string, desc *remote.Descriptor, pf v1.Platform, ropts []remote.Option) (*remote.Descriptor, error) {
	idx, err := desc.ImageIndex()
	if err != nil {
		return nil, registryErr("pull "+full, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, registryErr("pull "+full, err)
	}
	for _, d := range im.Manifests {
		if d.Platform != nil && d.Platform.Satisfies(pf) && d.MediaType.IsImage() {
			child, err := remote.Get(r.Context().Digest(d.Digest.String()), ropts...)
			if err != nil {
				return nil, registryErr("pull "+full, err)
			}
			return child, nil
		}
	}
	return nil, fmt.Errorf("pull %s: %w %s", full, image.ErrNoPlatform, pf.String())
}

// blobOpener GETs a blob from the registry; Ingest verifies its digest.
func blobOpener(client *http.Client, repo name.Repository, d v1.Hash) func(context.Context) (io.ReadCloser, error) {
	u := url.URL{Scheme: repo.Scheme(), Host: repo.RegistryStr(),
		Path: fmt.Sprintf("/v2/%s/blobs/%s", repo.RepositoryStr(), d)}
	return func(ctx context.Context) (io.ReadCloser, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, registryErr("fetch layer "+short(d.Hex), err)
		}
		if err := transport.CheckError(resp, http.StatusOK); err != nil {
			resp.Body.Close()
			return nil, registryErr("fetch layer "+short(d.Hex), err)
		}
		return resp.Body, nil
	}
}

// localBlob reads a small blob the store already has (verified when it came in).
func localBlob(s *image.Store) func(v1.Hash) ([]byte, bool) {
	return func(h v1.Hash) ([]byte, bool) {
		if h.Algorithm != "sha256" {
			return nil, false
		}
		b, err := os.ReadFile(s.BlobPath(h.Hex))
		return b, err == nil
	}
}
