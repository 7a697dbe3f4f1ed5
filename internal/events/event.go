package events

import (
	"strconv"
	"time"
)

// Types of objects events are about.
const (
	TypeContainer = "container"
	TypeImage     = "image"
	TypeNetwork   = "network"
	TypeVolume    = "volume"
)

// Actor is the object an event is about.
type Actor struct {
	ID         string            `json:"ID"`
	Attributes map[string]string `json:"Attributes"`
}

// Event is one event, in the shape `docker events --format '{{json .}}'`
// prints (status, id and from are Docker's older fields, kept for
// containers and images as Docker does).
type Event struct {
	Status   string `json:"status,omitempty"`
	ID       string `json:"id,omitempty"`
	From     string `json:"from,omitempty"`
	Type     string `json:"Type"`
	Action   string `json:"Action"`
	Actor    Actor  `json:"Actor"`
	Scope    string `json:"scope"`
	Time     int64  `json:"time"`
	TimeNano int64  `json:"timeNano"`
}

// New is an event of type typ about id, with attrs (may be nil), stamped
// now.
func New(typ, action, id string, attrs map[string]string) Event {
	if attrs == nil {
		attrs = map[string]string{}
	}
	now := time.Now()
	ev := Event{Type: typ, Action: action, Actor: Actor{ID: id, Attributes: attrs},
		Scope: "local", Time: now.Unix(), TimeNano: now.UnixNano()}
	if typ == TypeContainer || typ == TypeImage {
		ev.Status, ev.ID = action, id
		if typ == TypeContainer {
			ev.From = attrs["image"]
		}
	}
	return ev
}

// Container is a container event with Docker's attributes: the image and
// the name, then extra pairs (key, value, ...): exitCode, signal...
func Container(action, id, name, image string, extra ...string) Event {
	attrs := map[string]string{"name": name, "image": image}
	for i := 0; i+1 < len(extra); i += 2 {
		attrs[extra[i]] = extra[i+1]
	}
	return New(TypeContainer, action, id, attrs)
}

// Image is an image event: id is what Docker names (the reference for
// pull and tag, the image id for untag and delete), name the reference.
func Image(action, id, name string) Event {
	attrs := map[string]string{}
	if name != "" {
		attrs["name"] = name
	}
	return New(TypeImage, action, id, attrs)
}

// At is the event's time.
func (e Event) At() time.Time {
	if e.TimeNano != 0 {
		return time.Unix(0, e.TimeNano)
	}
	return time.Unix(e.Time, 0)
}

// ExitCode is the attribute Docker gives "die".
func ExitCode(code int) string { return strconv.Itoa(code) }
