package events

import (
	"fmt"
	"slices"
	"strings"
)

// Filter is `--filter` of tent events: within one key the values are
// alternatives (OR), across keys every key must match (AND), as Docker's.
type Filter map[string][]string

// filterKeys are the keys tent events takes (a slice: a map literal here
// was built at every start of tent).
var filterKeys = []string{"type", "event", "container", "image", "label"}

// ParseFilter reads "key=value" flags: type=, event=, container=, image=,
// label=key or label=key=value.
func ParseFilter(args []string) (Filter, error) {
	f := Filter{}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || v == "" {
			return nil, fmt.Errorf("bad format of filter %q (expected name=value)", a)
		}
		if !slices.Contains(filterKeys, k) {
			return nil, fmt.Errorf("invalid filter %q: tent events filters by type, event, container, image or label", k)
		}
		f[k] = append(f[k], v)
	}
	return f, nil
}

// Match reports whether ev passes every key of f.
func (f Filter) Match(ev Event) bool {
	for k, vals := range f {
		if !anyOf(vals, func(v string) bool { return matchOne(k, v, ev) }) {
			return false
		}
	}
	return true
}

func matchOne(key, v string, ev Event) bool {
	a := ev.Actor.Attributes
	switch key {
	case "type":
		return ev.Type == v
	case "event":
		// health_status: unhealthy matches "health_status" too, as Docker's.
		action, _, _ := strings.Cut(ev.Action, ":")
		return ev.Action == v || action == v
	case "container":
		return ev.Type == TypeContainer && (idMatch(ev.Actor.ID, v) || a["name"] == v)
	case "image":
		if ev.Type == TypeImage {
			return idMatch(ev.Actor.ID, v) || a["name"] == v || imageMatch(a["name"], v)
		}
		return ev.Type == TypeContainer && (a["image"] == v || imageMatch(a["image"], v))
	case "label":
		lk, lv, hasV := strings.Cut(v, "=")
		got, ok := a[lk]
		return ok && (!hasV || got == lv)
	}
	return false
}

// idMatch: the full id, or a prefix of at least a few hex digits, with or
// without "sha256:".
func idMatch(id, v string) bool {
	id, v = strings.TrimPrefix(id, "sha256:"), strings.TrimPrefix(v, "sha256:")
	return id == v || (len(v) >= 4 && strings.HasPrefix(id, v))
}

// imageMatch: "alpine" matches "alpine:latest" and "docker.io/library/alpine:latest".
func imageMatch(ref, v string) bool {
	if ref == "" {
		return false
	}
	for _, cand := range []string{ref, strings.TrimPrefix(ref, "docker.io/library/"), strings.TrimPrefix(ref, "docker.io/")} {
		if cand == v || strings.TrimSuffix(cand, ":latest") == v {
			return true
		}
	}
	return false
}

func anyOf(vals []string, fn func(string) bool) bool {
	for _, v := range vals {
		if fn(v) {
			return true
		}
	}
	return false
}
