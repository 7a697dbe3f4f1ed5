package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tent-dev/tent/internal/container"
)

// Filters are `tent ps --filter` terms, as Docker's: values of one key
// match if any does (labels: if all do), and every key must match.
type Filters map[string][]string

// psFilterKeys are the keys ps --filter takes (a slice: a map literal
// here was built at every start of tent).
var psFilterKeys = []string{"label", "name", "status", "ancestor", "id"}

// psStatuses are the values of status=, Docker's.
var psStatuses = []string{"created", "restarting", "running", "removing", "paused", "exited", "dead"}

// ParseFilters parses --filter key=value terms.
func ParseFilters(terms []string) (Filters, error) {
	f := Filters{}
	for _, t := range terms {
		k, v, ok := strings.Cut(t, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || !slices.Contains(psFilterKeys, k) {
			return nil, fmt.Errorf("invalid filter %q: want KEY=VALUE with KEY one of ancestor, id, label, name, status", t)
		}
		if k == "status" && !slices.Contains(psStatuses, v) {
			return nil, fmt.Errorf("invalid filter 'status=%s': want one of %s", v, strings.Join(psStatuses, ", "))
		}
		f[k] = append(f[k], v)
	}
	return f, nil
}

// ListFiltered is List with filters; a status filter lists stopped
// containers too, as Docker's.
func (e *Engine) ListFiltered(all bool, f Filters) ([]Summary, error) {
	recs, err := e.Containers.List()
	if err != nil {
		return nil, err
	}
	return summaries(recs, all, f), nil
}

// ListThenGC is ListFiltered, and a GC to run after the listing is shown
// that reuses the records the listing read (reconciled) instead of reading
// every one again: tent ps collects what crashed runs left this way.
func (e *Engine) ListThenGC(all bool, f Filters) ([]Summary, func() ([]string, error), error) {
	ids := e.stateIDs()
	recs, err := e.Containers.List()
	if err != nil {
		return nil, nil, err
	}
	return summaries(recs, all, f), func() ([]string, error) { return e.gc(ids, recs) }, nil
}

func summaries(recs []*container.Record, all bool, f Filters) []Summary {
	all = all || len(f["status"]) > 0
	out := make([]Summary, 0, len(recs))
	for _, r := range recs {
		if (all || live(r)) && f.match(r) {
			out = append(out, summary(r))
		}
	}
	return out
}

func (f Filters) match(r *container.Record) bool {
	for _, l := range f["label"] {
		if !hasLabel(recordOptions(r).Labels, l) {
			return false
		}
	}
	return f.any("name", func(v string) bool { return strings.Contains(r.Name, strings.TrimPrefix(v, "/")) }) &&
		f.any("id", func(v string) bool { return strings.HasPrefix(r.ID, v) }) &&
		f.any("status", func(v string) bool { return v == pausedStatus(r.State) }) &&
		f.any("ancestor", func(v string) bool { return ancestorMatch(r, v) })
}

// any says whether one of key's values matches (true without any).
func (f Filters) any(key string, match func(string) bool) bool {
	vs := f[key]
	return len(vs) == 0 || slices.ContainsFunc(vs, match)
}

func hasLabel(labels map[string]string, term string) bool {
	k, v, withValue := strings.Cut(term, "=")
	got, ok := labels[k]
	return ok && (!withValue || got == v)
}

// ancestorMatch: the image as typed (with or without :latest), or its id
// (sha256: optional, a prefix of 12 or more).
func ancestorMatch(r *container.Record, v string) bool {
	id := strings.TrimPrefix(r.ImageID, "sha256:")
	short := strings.TrimPrefix(v, "sha256:")
	switch {
	case strings.TrimSuffix(v, ":latest") == strings.TrimSuffix(r.Image, ":latest"):
		return true
	case len(short) >= 12 && strings.HasPrefix(id, short):
		return true
	}
	return false
}
