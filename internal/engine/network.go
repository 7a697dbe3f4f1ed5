package engine

import (
	"context"
	"github.com/tent-dev/tent/internal/trace"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
)

// netJoin is a network attachment being made concurrently with the rest of
// the setup. join waits for it; detach undoes it.
type netJoin struct {
	m      Network
	id     string
	done   chan struct{}
	att    *network.Attachment
	err    error
	active bool // Attach was called: Detach must run
}

// startNetwork begins attaching the container to its network. With
// --network none (or host) nothing is done here, not even opening the
// network store: the runtime makes a netns
// with only lo up (or none at all).
func (e *Engine) startNetwork(ctx context.Context, rec *container.Record, o RunOptions, exposed []string, tr *trace.Tracer) *netJoin {
	j := &netJoin{m: e.Network, id: rec.ID, done: make(chan struct{})}
	if o.Network == "none" || o.Network == "host" {
		close(j.done)
		return j
	}
	ports, err := network.ParsePorts(o.Ports, exposed, o.PublishAll)
	if err != nil {
		j.err = err
		close(j.done)
		return j
	}
	j.active = true
	go func() {
		defer close(j.done)
		j.att, j.err = j.m.Attach(ctx, network.AttachOpts{
			ContainerID: rec.ID, Name: rec.Name, Hostname: hostnameOf(o, rec.ID),
			Network: firstNonEmpty(o.Network, network.DefaultNetwork), Ports: ports, ExtraHosts: extraHostsOf(o),
			Trace: tr,
		})
	}()
	return j
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
