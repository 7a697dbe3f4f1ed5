package registry

import (
	"net/http"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/debuglog"
)

// Option configures Pull, Push and Login.
type Option func(*options)

type options struct {
	platform  v1.Platform
	progress  image.Progress
	parallel  int
	keychain  authn.Keychain
	transport http.RoundTripper
	log       debuglog.Log
	backoff   remote.Backoff
}

// WithPlatform picks the image for this platform from a multi-arch index
// (default: the host's, image.HostPlatform).
func WithPlatform(p v1.Platform) Option { return func(o *options) { o.platform = p } }

// WithProgress reports per-layer progress.
func WithProgress(p image.Progress) Option { return func(o *options) { o.progress = p } }

// WithParallel sets how many layers are fetched (default from the CPUs) or
// pushed (default 4) at once.
func WithParallel(n int) Option { return func(o *options) { o.parallel = n } }

// WithBackoff sets how a push retries a blob upload after a transient
// error (default: 1 s, then ×3, 4 tries).
func WithBackoff(b remote.Backoff) Option { return func(o *options) { o.backoff = b } }

// WithKeychain sets where credentials come from (default ~/.docker/config.json).
func WithKeychain(k authn.Keychain) Option { return func(o *options) { o.keychain = k } }

// WithTransport sets the HTTP transport under authentication.
func WithTransport(t http.RoundTripper) Option { return func(o *options) { o.transport = t } }

// WithLogger logs the pull's decisions (registry, manifest, platform,
// config) at debug level to l; by default Pull logs nothing.
func WithLogger(l debuglog.Logger) Option { return func(o *options) { o.log = debuglog.New(l) } }

func makeOptions(opts []Option) options {
	o := options{platform: image.HostPlatform(), keychain: authn.DefaultKeychain,
		backoff: remote.Backoff{Duration: time.Second, Factor: 3, Jitter: 0.1, Steps: 4}}
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

// jobs is how many blobs a push uploads at once.
func (o *options) jobs() int {
	if o.parallel > 0 {
		return o.parallel
	}
	return 4
}
