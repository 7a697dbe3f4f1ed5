package layout

import "path/filepath"

// EventsDir is the event journal (package events), under the state root.
func (l Layout) EventsDir() string { return filepath.Join(l.State, "events") }
