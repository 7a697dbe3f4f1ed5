package engine

import (
	"context"
	"fmt"
	"io"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/network"
	"github.com/tent-dev/tent/runtime"
)

// Engine ties tent's parts together under two dirs, a data root and a
// state root (see package layout).
type Engine struct {
	Layout     layout.Layout
	Images     *image.Store
	Containers *container.Store
	Runtime    *runtime.Runtime
	Network    *network.Manager
	// Pull brings a missing image into the store for run and create,
	// writing progress to w; nil: those fail. tent sets it to run
	// tent-image pull, so that tent does not link the registry client.
	Pull func(ctx context.Context, ref string, w io.Writer) error
}

// New opens every store under root and state.
func New(root, state string) (*Engine, error) {
	l := layout.New(root, state)
	e := &Engine{Layout: l}
	imgs, err := image.Open(l.ImageDir(), image.WithInUse(e.imageInUse))
	if err != nil {
		return nil, fmt.Errorf("open image store: %w", err)
	}
	ctrs, err := container.Open(l)
	if err != nil {
		return nil, fmt.Errorf("open container store: %w", err)
	}
	rt, err := runtime.New(l.RuntimeDir())
	if err != nil {
		return nil, fmt.Errorf("open runtime: %w", err)
	}
	nw, err := network.New(l.NetworkDir(), l.NetnsDir(), network.WithHostsPath(l.HostsFile))
	if err != nil {
		return nil, fmt.Errorf("open network: %w", err)
	}
	e.Images, e.Containers, e.Runtime, e.Network = imgs, ctrs, rt, nw
	return e, nil
}
