// Package testimage makes small offline images from the host's busybox-static,
// for tests, the demo and benchmarks: no network needed.
package testimage

import (
	"errors"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Option configures an image.
type Option func(*options)

type options struct {
	busybox string // path of a static busybox, default /bin/busybox
}

// WithBusybox sets the static busybox binary to use.
func WithBusybox(path string) Option { return func(o *options) { o.busybox = path } }

// Busybox returns a multi-layer busybox image: applets, /etc/passwd and group,
// a layer with hardlinks, a layer with a whiteout and an opaque dir; Cmd ["sh"].
func Busybox(opts ...Option) (v1.Image, error) { return nil, errors.New("testimage: not implemented") }
