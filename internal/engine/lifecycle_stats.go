package engine

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/runtime"
)

// StatSample is one reading of a container's cgroup.
type StatSample struct {
	ID, Name string
	At       time.Time
	Stats    runtime.Stats
}

// Stats reads the cgroup stats of the named containers that run, or of
// every running container when refs is empty. The CLI turns two samples
// into CPU % (CPU time over the wall time between them).
func (e *Engine) Stats(refs []string) []StatSample {
	recs := e.running(refs)
	out := make([]StatSample, 0, len(recs))
	for _, r := range recs {
		st, err := e.Runtime.Stats(r.ID)
		if err != nil {
			continue
		}
		out = append(out, StatSample{ID: r.ID, Name: r.Name, At: time.Now(), Stats: *st})
	}
	return out
}

// running are the named containers that run, or every running one.
func (e *Engine) running(refs []string) []*container.Record {
	var out []*container.Record
	if len(refs) == 0 {
		all, _ := e.Containers.List()
		for _, r := range all {
			if r.State.Status == container.StatusRunning {
				out = append(out, r)
			}
		}
		return out
	}
	for _, ref := range refs {
		if r, err := e.Containers.Get(ref); err == nil && r.State.Status == container.StatusRunning {
			out = append(out, r)
		}
	}
	return out
}

// MemTotal is the host's memory (limit of an unlimited container).
func MemTotal() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
