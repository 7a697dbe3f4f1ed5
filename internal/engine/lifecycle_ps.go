package engine

import (
	"encoding/json"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
)

// Container states and health statuses, as Docker names them.
const (
	StatusCreated    = container.StatusCreated
	StatusRunning    = container.StatusRunning
	StatusExited     = container.StatusExited
	StatusRestarting = container.StatusRestarting
	StatusRemoving   = container.StatusRemoving
	StatusDead       = container.StatusDead
	HealthStarting   = container.HealthStarting
)

// Summary is one container as `tent ps` lists it: data, which the CLI
// formats.
type Summary struct {
	ID      string // 64 hex
	Name    string
	Image   string // as the user typed it
	Command []string
	Created time.Time
	State   InspectState
	// Ports are the published ports of a running container (none once it
	// stopped: its ports are unpublished).
	Ports []network.PortMapping
}

// List returns every running container (all: stopped ones too), newest
// first.
func (e *Engine) List(all bool) ([]Summary, error) { return e.ListFiltered(all, nil) }

func summary(r *container.Record) Summary {
	s := Summary{ID: r.ID, Name: r.Name, Image: r.Image, Command: append([]string{r.Path}, r.Args...),
		Created: r.Created, State: inspectState(r.State)}
	if r.State.Status == container.StatusRunning {
		s.Ports = attachmentPorts(r.Network)
	}
	return s
}

// attachmentPorts are the ports of a record's network attachment.
func attachmentPorts(att []byte) []network.PortMapping {
	var a network.Attachment
	if len(att) == 0 || json.Unmarshal(att, &a) != nil {
		return nil
	}
	return a.Ports
}
