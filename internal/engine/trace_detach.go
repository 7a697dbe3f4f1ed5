package engine

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/internal/atomicfile"
	"github.com/tent-dev/tent/internal/trace"
)

// traceFile is where a detached container's setup helper leaves the steps
// of its start for `tent run -d --trace`, which takes (removes) it.
func (e *Engine) traceFile(id string) string {
	return filepath.Join(e.Layout.ContainerDir(id), "trace.json")
}

// saveTrace writes tr's steps for the CLI; nothing when tr is off. A trace
// that cannot be written is not an error of the run.
func (e *Engine) saveTrace(id string, tr *trace.Tracer) {
	if !tr.On() {
		return
	}
	if b, err := json.Marshal(tr.Export()); err == nil {
		_ = atomicfile.WriteFile(e.traceFile(id), b, 0o600)
	}
}

// takeTrace reads and removes the steps saveTrace left.
func (e *Engine) takeTrace(id string) []trace.Exported {
	p := e.traceFile(id)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	_ = os.Remove(p)
	var steps []trace.Exported
	if json.Unmarshal(b, &steps) != nil {
		return nil
	}
	return steps
}
