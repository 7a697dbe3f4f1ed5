package monitor

import (
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/events"
)

// event appends a container event about r to the event journal: the
// monitor writes those of a detached container (start, die,
// health_status, destroy with --rm), as Docker's daemon does.
func (m *monitor) event(r *container.Record, action string, extra ...string) {
	ev := events.Container(action, r.ID, r.Name, r.Image, extra...)
	if err := events.Append(m.c.Store.Layout().EventsDir(), ev); err != nil && m.dbg.On() {
		m.dbg.Debugf("event %s %s: %v", r.ID, action, err)
	}
}

// savedPolicy is the restart policy kept in the record's run options (tent
// update --restart changes it), else def.
func savedPolicy(r *container.Record, def Policy) Policy {
	o, err := decodeOptions(r.Opts)
	if err != nil || o.Restart == "" {
		return def
	}
	if p, err := ParsePolicy(o.Restart); err == nil {
		return p
	}
	return def
}
