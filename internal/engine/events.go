package engine

import (
	"context"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/events"
)

// emit appends ev to the state root's event journal. An event that cannot
// be written never fails the command that made it: it is logged.
func (e *Engine) emit(ev events.Event) {
	if err := events.Append(e.Layout.EventsDir(), ev); err != nil && e.log.On() {
		e.log.Debugf("event %s %s: %v", ev.Type, ev.Action, err)
	}
}

// containerEvent emits action about rec, with extra attributes (key,
// value, ...).
func (e *Engine) containerEvent(rec *container.Record, action string, extra ...string) {
	e.emit(events.Container(action, rec.ID, rec.Name, rec.Image, extra...))
}

// ImageEvent emits an image event (pull, tag, untag, delete, load, save).
func (e *Engine) ImageEvent(action, id, name string) { e.emit(events.Image(action, id, name)) }

// EventsOptions select what Events shows.
type EventsOptions struct {
	Since, Until time.Time // zero: from the oldest kept / follow
	Filter       events.Filter
}

// Events calls fn with each event kept that matches, oldest first; with no
// Until it then follows the journal until ctx ends (docker events).
func (e *Engine) Events(ctx context.Context, o EventsOptions, fn func(events.Event) error) error {
	j := events.Open(e.Layout.EventsDir())
	var ferr error
	keep := func(ev events.Event) bool {
		at := ev.At()
		if !o.Until.IsZero() && at.After(o.Until) {
			return false
		}
		if (!o.Since.IsZero() && at.Before(o.Since)) || !o.Filter.Match(ev) {
			return true
		}
		ferr = fn(ev)
		return ferr == nil
	}
	var err error
	switch {
	case o.Until.IsZero():
		err = j.Follow(ctx, keep)
	case time.Until(o.Until) > 0: // an until in the future: follow up to it
		fctx, cancel := context.WithDeadline(ctx, o.Until)
		err = j.Follow(fctx, keep)
		cancel()
	default:
		_, err = j.Reader().Poll(keep)
	}
	if ferr != nil {
		return ferr
	}
	return err
}
