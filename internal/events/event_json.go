package events

import "github.com/tent-dev/tent/internal/jsonlite"

// appendJSON appends ev as json.Marshal writes it, field by field
// (internal/jsonlite): encoding/json's encoder, built by reflection on
// first use and kept, would be the heap of every process that appends an
// event, a detached container's monitor included. event_json_test.go
// compares the two.
func (ev *Event) appendJSON(b []byte) []byte {
	b = append(b, '{')
	if ev.Status != "" {
		b = jsonlite.AppendString(jsonlite.AppendKey(b, "status"), ev.Status)
	}
	if ev.ID != "" {
		b = jsonlite.AppendString(jsonlite.AppendKey(b, "id"), ev.ID)
	}
	if ev.From != "" {
		b = jsonlite.AppendString(jsonlite.AppendKey(b, "from"), ev.From)
	}
	b = jsonlite.AppendString(jsonlite.AppendKey(b, "Type"), ev.Type)
	b = jsonlite.AppendString(jsonlite.AppendKey(b, "Action"), ev.Action)
	b = jsonlite.AppendString(jsonlite.AppendKey(append(jsonlite.AppendKey(b, "Actor"), '{'), "ID"), ev.Actor.ID)
	b = jsonlite.AppendStringMap(jsonlite.AppendKey(b, "Attributes"), ev.Actor.Attributes)
	b = append(b, '}')
	b = jsonlite.AppendString(jsonlite.AppendKey(b, "scope"), ev.Scope)
	b = jsonlite.AppendInt(jsonlite.AppendKey(b, "time"), ev.Time)
	b = jsonlite.AppendInt(jsonlite.AppendKey(b, "timeNano"), ev.TimeNano)
	return append(b, '}')
}
