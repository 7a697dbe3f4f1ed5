package archive

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/image"
)

// LoadOption configures Load.
type LoadOption func(*loadOptions)

type loadOptions struct {
	platform v1.Platform
	progress image.Progress
	parallel int
}

// WithPlatform picks the image for this platform from a multi-image OCI
// layout (default: the host's, linux/GOARCH).
func WithPlatform(p v1.Platform) LoadOption { return func(o *loadOptions) { o.platform = p } }

// WithProgress reports per-layer progress.
func WithProgress(p image.Progress) LoadOption { return func(o *loadOptions) { o.progress = p } }

// WithParallel sets how many layers are read at once (default from the CPUs).
func WithParallel(n int) LoadOption { return func(o *loadOptions) { o.parallel = n } }

func makeLoadOptions(opts []LoadOption) loadOptions {
	o := loadOptions{platform: image.HostPlatform()}
	for _, f := range opts {
		f(&o)
	}
	return o
}
