package registry

import (
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/debuglog"
)

// Option configures Pull.
type Option func(*options)

type options struct {
	platform  v1.Platform
	progress  image.Progress
	parallel  int
	keychain  authn.Keychain
	transport http.RoundTripper
	log       debuglog.Log
}

// WithPlatform picks the image for this platform from a multi-arch index
// (default: the host's, image.HostPlatform).
func WithPlatform(p v1.Platform) Option { return func(o *options) { o.platform = p } }

// WithProgress reports per-layer progress.
func WithProgress(p image.Progress) Option { return func(o *options) { o.progress = p } }

// WithParallel sets how many layers are fetched at once (default from the CPUs).
func WithParallel(n int) Option { return func(o *options) { o.parallel = n } }

// WithKeychain sets where credentials come from (default ~/.docker/config.json).
func WithKeychain(k authn.Keychain) Option { return func(o *options) { o.keychain = k } }

// WithTransport sets the HTTP transport under authentication.
func WithTransport(t http.RoundTripper) Option { return func(o *options) { o.transport = t } }

// WithLogger logs the pull's decisions (registry, manifest, platform,
// config) at debug level to l; by default Pull logs nothing.
func WithLogger(l debuglog.Logger) Option { return func(o *options) { o.log = debuglog.New(l) } }

func makeOptions(opts []Option) options {
	o := options{platform: image.HostPlatform(), keychain: authn.DefaultKeychain}
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
