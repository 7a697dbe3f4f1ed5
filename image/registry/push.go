package registry

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/archive"
)

// Pushed is what a push did: docker push's last line is
// "<tag>: digest: <Digest> size: <Size>".
type Pushed struct {
	ImageID string // sha256:… of the config
	Repo    string // host/path
	Tag     string
	Digest  string // of the manifest, as stored
	Size    int    // of the manifest
}

// Push uploads the stored image ref (a name: host/path[:tag]) to its
// registry, byte for byte as stored, so that a pull of it gets the same
// image id and manifest digest. Blobs the registry already has are skipped
// (HEAD), blobs another repository of the same registry holds are mounted,
// the others uploaded several at a time, each retried with back-off on
// transient errors. The pushed repo@digest is recorded in the store.
func Push(ctx context.Context, s *image.Store, ref string, opts ...Option) (*Pushed, error) {
	o := makeOptions(opts)
	r, err := ParseReference(ref)
	if err != nil {
		return nil, err
	}
	tag, ok := r.(name.Tag)
	if !ok {
		return nil, fmt.Errorf("push %s: a push needs a tag, not a digest", ref)
	}
	st, err := s.Stored(ref)
	if err != nil {
		return nil, err
	}
	stored, err := archive.V1Image(s, st)
	if err != nil {
		return nil, err
	}
	repo := tag.Context()
	what := "push to " + repo.Name()
	auth, err := authn.Resolve(ctx, o.keychain, repo)
	if err != nil {
		return nil, fmt.Errorf("credentials for %s: %w", repo.RegistryStr(), err)
	}
	d, err := stored.Digest()
	if err != nil {
		return nil, err
	}
	raw, err := stored.RawManifest()
	if err != nil {
		return nil, err
	}
	if o.log.On() {
		o.log.Debugf("push %s: image %s, manifest %s", tag, st.Meta.ID, d)
	}
	img, err := pushImage(stored, st.Sources, repo, o.progress)
	if err != nil {
		return nil, err
	}
	obs := &observer{base: o.transport, ids: img.ids, p: img.p, log: o.log, done: map[string]bool{}}
	err = remote.Write(tag, img, remote.WithAuth(auth), remote.WithTransport(obs), remote.WithContext(ctx),
		remote.WithJobs(o.jobs()), remote.WithRetryBackoff(o.backoff), remote.WithUserAgent("tent"))
	if err != nil {
		return nil, pushErr(what, repo.RegistryStr(), err)
	}
	obs.finish()
	rd := repoName(repo) + "@" + d.String()
	if err := s.AddRepoDigest(st.Meta.ID, rd); err != nil {
		return nil, fmt.Errorf("%s: record %s: %w", what, rd, err)
	}
	return &Pushed{ImageID: st.Meta.ID, Repo: repoName(repo), Tag: tag.TagStr(), Digest: d.String(), Size: len(raw)}, nil
}

// pushErr is registryErr with docker's advice on a refused push.
func pushErr(what, registry string, err error) error {
	e := registryErr(what, err)
	if errors.Is(e, image.ErrUnauthorized) {
		return fmt.Errorf("%s: %w: run tent login %s", what, image.ErrUnauthorized, registry)
	}
	return e
}

// repoName is the repository as the store names it (docker.io, not index.docker.io).
func repoName(repo name.Repository) string {
	n, err := image.Normalize(repo.Tag("x").String())
	if err != nil {
		return repo.Name()
	}
	n, _ = image.SplitName(n)
	return n
}

// mountFrom picks the repository of the same registry a layer can be
// mounted from: not the target itself (a HEAD finds it there).
func mountFrom(sources []string, target name.Repository) (name.Repository, bool) {
	for _, src := range sources {
		r, err := name.NewRepository(src)
		if err != nil || r.RegistryStr() != target.RegistryStr() || r.RepositoryStr() == target.RepositoryStr() {
			continue
		}
		return r, true
	}
	return name.Repository{}, false
}
