package engine

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/tent-dev/tent/network"
)

// fakeNetwork is the engine's Network without netns, veth or nftables:
// attachments are kept in a map.
type fakeNetwork struct {
	log       *callLog
	attachErr error
	// attach, when set, runs inside Attach (e.g. to block until ctx ends).
	attach func(ctx context.Context) error

	mu       sync.Mutex
	attached map[string]*network.Attachment
	opts     network.AttachOpts // the last Attach's options
}

func newFakeNetwork(log *callLog) *fakeNetwork {
	return &fakeNetwork{log: log, attached: map[string]*network.Attachment{}}
}

func (f *fakeNetwork) Attach(ctx context.Context, o network.AttachOpts) (*network.Attachment, error) {
	f.log.add("attach %s", o.Network)
	f.mu.Lock()
	f.opts = o
	f.mu.Unlock()
	if f.attach != nil {
		if err := f.attach(ctx); err != nil {
			return nil, err
		}
	}
	if f.attachErr != nil {
		return nil, f.attachErr
	}
	a := &network.Attachment{Network: o.Network, IP: "10.88.0.2", PrefixLen: 16,
		Gateway: "10.88.0.1", NetnsPath: "/run/tent-test/netns/" + o.ContainerID, Ports: o.Ports}
	f.mu.Lock()
	f.attached[o.ContainerID] = a
	f.mu.Unlock()
	return a, nil
}

func (f *fakeNetwork) Detach(id string) error {
	f.log.add("detach")
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.attached, id)
	return nil
}

func (f *fakeNetwork) Lookup(id string) (*network.Attachment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.attached[id]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("lookup %s: %w", id, os.ErrNotExist)
}

func (f *fakeNetwork) isAttached(id string) bool {
	_, err := f.Lookup(id)
	return err == nil
}
