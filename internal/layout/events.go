package layout

import "path/filepath"

// EventsDir is the event journal (package events), under the state root;
// "" without a state root (a store opened for its records only): no
// journal.
func (l Layout) EventsDir() string {
	if l.State == "" {
		return ""
	}
	return filepath.Join(l.State, "events")
}
