package image

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	goruntime "runtime"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// PullOption configures Pull and Load.
type PullOption func(*pullOptions)

type pullOptions struct {
	platform  v1.Platform
	progress  Progress
	parallel  int
	keychain  authn.Keychain
	transport http.RoundTripper
}

// WithPlatform picks the image for this platform from a multi-arch index
// (default: the host's, linux/GOARCH).
func WithPlatform(p v1.Platform) PullOption { return func(o *pullOptions) { o.platform = p } }

// WithProgress reports per-layer progress.
func WithProgress(p Progress) PullOption { return func(o *pullOptions) { o.progress = p } }

// WithParallel sets how many layers are fetched at once (default from the CPUs).
func WithParallel(n int) PullOption { return func(o *pullOptions) { o.parallel = n } }

// WithKeychain sets where credentials come from (default ~/.docker/config.json).
func WithKeychain(k authn.Keychain) PullOption { return func(o *pullOptions) { o.keychain = k } }

// WithTransport sets the HTTP transport under authentication.
func WithTransport(t http.RoundTripper) PullOption { return func(o *pullOptions) { o.transport = t } }

func makePullOptions(opts []PullOption) pullOptions {
	o := pullOptions{platform: HostPlatform(), progress: nopProgress{}, keychain: authn.DefaultKeychain}
	for _, f := range opts {
		f(&o)
	}
	if o.transport == nil {
		t := remote.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 16
		o.transport = t
	}
	return o
}

// HostPlatform is linux/<arch of this binary>; no variant, so that any
// variant of the architecture matches (arm64 images often omit v8).
func HostPlatform() v1.Platform {
	return v1.Platform{OS: "linux", Architecture: goruntime.GOARCH}
}

// Pull fetches ref from its registry into the store: layers in parallel, each
// in one verified streaming pass; layers already here are not fetched.
func (s *Store) Pull(ctx context.Context, ref string, opts ...PullOption) (*Image, error) {
	o := makePullOptions(opts)
	r, err := ParseReference(ref)
	if err != nil {
		return nil, err
	}
	repo := r.Context()
	auth, err := authn.Resolve(ctx, o.keychain, repo)
	if err != nil {
		return nil, fmt.Errorf("credentials for %s: %w", repo.RegistryStr(), err)
	}
	base := transport.NewUserAgent(transport.NewRetry(o.transport), "tent")
	tr, err := transport.NewWithContext(ctx, repo.Registry, auth, base, []string{repo.Scope(transport.PullScope)})
	if err != nil {
		return nil, registryErr("pull "+fullName(r), err)
	}
	p, err := remotePlan(ctx, r, tr, o.platform, s.localBlob)
	if err != nil {
		return nil, err
	}
	p.parallel, p.progress, p.status = o.parallel, o.progress, "Pull complete"
	img, err := s.ingest(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", fullName(r), err)
	}
	return img, nil
}

// remotePlan reads the manifest (picking the platform from an index) and
// the config, and plans the layer fetches.
func remotePlan(ctx context.Context, r name.Reference, tr http.RoundTripper, pf v1.Platform,
	local func(v1.Hash) ([]byte, bool)) (*plan, error) {
	full := fullName(r)
	ropts := []remote.Option{remote.WithTransport(tr), remote.WithContext(ctx)}
	desc, err := remote.Get(r, ropts...)
	if err != nil {
		return nil, registryErr("pull "+full, err)
	}
	top := desc.Digest
	if desc.MediaType.IsIndex() {
		if desc, err = pickPlatform(ctx, r, desc, pf, ropts); err != nil {
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
	p := &plan{names: names, repoDigests: []string{repoName(r.Context()) + "@" + top.String()},
		manifest: desc.Manifest, config: cfg}
	client := &http.Client{Transport: tr}
	for _, l := range m.Layers {
		if !l.MediaType.IsLayer() {
			return nil, fmt.Errorf("pull %s: unsupported layer type %s", full, l.MediaType)
		}
		p.layers = append(p.layers, layerSource{digest: l.Digest, size: l.Size, mediaType: string(l.MediaType),
			open: blobOpener(client, r.Context(), l.Digest)})
	}
	return p, nil
}

// pickPlatform returns the index's manifest for pf.
func pickPlatform(ctx context.Context, r name.Reference, desc *remote.Descriptor, pf v1.Platform, ropts []remote.Option) (*remote.Descriptor, error) {
	idx, err := desc.ImageIndex()
	if err != nil {
		return nil, registryErr("pull "+fullName(r), err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, registryErr("pull "+fullName(r), err)
	}
	for _, d := range im.Manifests {
		if d.Platform != nil && d.Platform.Satisfies(pf) && d.MediaType.IsImage() {
			child, err := remote.Get(r.Context().Digest(d.Digest.String()), ropts...)
			if err != nil {
				return nil, registryErr("pull "+fullName(r), err)
			}
			return child, nil
		}
	}
	return nil, fmt.Errorf("pull %s: %w %s", fullName(r), ErrNoPlatform, pf.String())
}

// blobOpener GETs a blob from the registry; the caller verifies its digest.
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
func (s *Store) localBlob(h v1.Hash) ([]byte, bool) {
	if h.Algorithm != "sha256" {
		return nil, false
	}
	b, err := os.ReadFile(s.blobPath(h.Hex))
	return b, err == nil
}
