package engine

import (
	"encoding/json"
	"fmt"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
)

// Ports returns the container's full id and its published ports: those of
// its record's network attachment or, when the record has none (yet), of
// the network's lease.
func (e *Engine) Ports(ref string) (string, []network.PortMapping, error) {
	rec, err := e.Containers.Get(ref)
	if err != nil {
		return "", nil, err
	}
	if len(rec.Network) > 0 {
		var a network.Attachment
		if err := json.Unmarshal(rec.Network, &a); err != nil {
			return "", nil, fmt.Errorf("container %s: network record: %w", rec.ShortID(), err)
		}
		return rec.ID, a.Ports, nil
	}
	if l, err := e.Network.Lookup(rec.ID); err == nil {
		return rec.ID, l.Ports, nil
	}
	return rec.ID, nil, nil
}

// ShortID is a container id as Docker shows it: its first 12 hex digits.
func ShortID(id string) string { return container.ShortID(id) }
