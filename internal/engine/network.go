package engine

import (
	"context"
	"errors"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
	"github.com/tent-dev/tent/runtime"
)

// netJoin is a network attachment being made concurrently with the rest of
// the setup. join waits for it; detach undoes it.
type netJoin struct {
	m      *network.Manager
	id     string
	done   chan struct{}
	att    *network.Attachment
	err    error
	active bool // Attach was called: Detach must run
}

// startNetwork begins attaching the container to its network. With
// --network none (or host) nothing is done here: the runtime makes a netns
// with only lo up (or none at all).
func (e *Engine) startNetwork(ctx context.Context, rec *container.Record, o RunOptions) *netJoin {
	j := &netJoin{m: e.Network, id: rec.ID, done: make(chan struct{})}
	if o.Network == "none" || o.Network == "host" {
		close(j.done)
		return j
	}
	ports, err := parsePorts(o.Ports)
	if err != nil {
		j.err = err
		close(j.done)
		return j
	}
	j.active = true
	go func() {
		defer close(j.done)
		j.att, j.err = j.m.Attach(ctx, network.AttachOpts{
			ContainerID: rec.ID, Name: rec.Name, Network: firstNonEmpty(o.Network, "bridge"), Ports: ports,
		})
		if j.err != nil && stubbed(ctx, j.err) {
			logrus.Debugf("network not available yet (%v): running with --network none", j.err)
			j.att, j.err, j.active = nil, nil, false
		}
	}()
	return j
}

// stubbed reports whether err comes from the network package's placeholder.
func stubbed(ctx context.Context, err error) bool {
	if ctx.Err() == nil && errors.Is(err, context.Canceled) {
		return true
	}
	return errors.Is(err, runtime.ErrNotImplemented) || strings.Contains(err.Error(), "not implemented")
}

func (j *netJoin) join() (*network.Attachment, error) {
	<-j.done
	return j.att, j.err
}

func (j *netJoin) detach() error {
	<-j.done
	if !j.active {
		return nil
	}
	return j.m.Detach(j.id)
}

// parsePorts waits for network.ParsePorts.
func parsePorts(p []string) ([]network.PortMapping, error) {
	if len(p) > 0 {
		return nil, errors.New("-p: publishing ports is not implemented yet")
	}
	return nil, nil
}
