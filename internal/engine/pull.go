package engine

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/registry"
)

// pull fetches a missing image, printing Docker-like progress lines.
func (e *Engine) pull(ctx context.Context, ref string, w io.Writer) (*image.Image, error) {
	img, err := registry.Pull(ctx, e.Images, ref, registry.WithProgress(&lineProgress{w: w}))
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "Digest: %s\nStatus: Downloaded newer image for %s\n", img.ManifestDigest, ref)
	return img, nil
}

// lineProgress prints one line per finished layer ("<id>: Pull complete").
type lineProgress struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *lineProgress) Start(string, int64) {}
func (p *lineProgress) Add(string, int64)   {}
func (p *lineProgress) Done(id, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "%s: %s\n", id, status)
}
