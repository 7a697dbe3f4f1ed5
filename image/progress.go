package image

// Progress receives per-layer progress of a pull or load. Calls for
// different layers come from different goroutines.
type Progress interface {
	// Start: a layer (its 12-hex short id) begins; total is its compressed
	// size or -1.
	Start(id string, total int64)
	// Add: n more compressed bytes of the layer arrived.
	Add(id string, n int64)
	// Done: the layer is finished; status is "Pull complete", "Already exists"…
	Done(id string, status string)
}

type nopProgress struct{}

func (nopProgress) Start(string, int64) {}
func (nopProgress) Add(string, int64)   {}
func (nopProgress) Done(string, string) {}

// progressWriter counts bytes written through it into a Progress.
type progressWriter struct {
	p  Progress
	id string
	n  int64 // bytes not yet reported
}

func (w *progressWriter) Write(b []byte) (int, error) {
	w.n += int64(len(b))
	if w.n >= 256<<10 {
		w.p.Add(w.id, w.n)
		w.n = 0
	}
	return len(b), nil
}

func (w *progressWriter) flush() {
	if w.n > 0 {
		w.p.Add(w.id, w.n)
		w.n = 0
	}
}
