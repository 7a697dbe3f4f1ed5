package engine

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
	"github.com/tent-dev/tent/runtime"
)

// Engine ties tent's parts together under two dirs:
//
//	<root>/image        image store (blobs, unpacked layers, names)
//	<root>/containers   container records, upper/work dirs, bundles, logs
//	<root>/network      IPAM and network definitions
//	<state>/runtime     runtime state of live containers
//	<state>/netns       bind-mounted network namespaces
type Engine struct {
	Root, State string
	Images      *image.Store
	Containers  *container.Store
	Runtime     *runtime.Runtime
	Network     *network.Manager
	// Pull brings a missing image into the store for run and create,
	// writing progress to w; nil: those fail. tent sets it to run
	// tent-image pull, so that tent does not link the registry client.
	Pull func(ctx context.Context, ref string, w io.Writer) error
}

// New opens every store under root and state.
func New(root, state string) (*Engine, error) {
	imgs, err := image.Open(filepath.Join(root, "image"))
	if err != nil {
		return nil, fmt.Errorf("open image store: %w", err)
	}
	ctrs, err := container.Open(filepath.Join(root, "containers"))
	if err != nil {
		return nil, fmt.Errorf("open container store: %w", err)
	}
	rt, err := runtime.New(filepath.Join(state, "runtime"))
	if err != nil {
		return nil, fmt.Errorf("open runtime: %w", err)
	}
	nw, err := network.New(filepath.Join(root, "network"), filepath.Join(state, "netns"))
	if err != nil {
		return nil, fmt.Errorf("open network: %w", err)
	}
	return &Engine{Root: root, State: state, Images: imgs, Containers: ctrs, Runtime: rt, Network: nw}, nil
}
