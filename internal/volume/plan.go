package volume

import (
	"fmt"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/randid"
)

// AnonymousLabel marks an anonymous volume (an image's VOLUME, `-v /path`),
// as Docker 23+ does; `volume prune` without --all removes only these.
const AnonymousLabel = "com.docker.volume.anonymous"

// Volume is one volume's record, in Docker's `volume inspect` shape.
type Volume struct {
	CreatedAt  time.Time         `json:"CreatedAt"`
	Driver     string            `json:"Driver"`
	Labels     map[string]string `json:"Labels"`
	Mountpoint string            `json:"Mountpoint"`
	Name       string            `json:"Name"`
	Options    map[string]string `json:"Options"`
	Scope      string            `json:"Scope"`
}

// Anonymous says whether v was made without a name.
func (v *Volume) Anonymous() bool {
	_, ok := v.Labels[AnonymousLabel]
	return ok
}

// ValidName checks a volume name as Docker does: [a-zA-Z0-9][a-zA-Z0-9_.-]+
// (by hand, not with regexp: the lean monitor links this package).
func ValidName(name string) error {
	ok := len(name) >= 2
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && (c == '_' || c == '.' || c == '-')
	}
	if !ok {
		return fmt.Errorf("%q includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed", name)
	}
	return nil
}

// NewName is a new anonymous volume's name: 64 random hex digits.
func NewName() (string, error) {
	name, err := randid.Hex(32)
	if err != nil {
		return "", fmt.Errorf("new volume name: %w", err)
	}
	return name, nil
}

// Filter is `volume ls --filter`: name=, label=KEY[=VALUE], dangling=true|false.
// Several values of one key match when any matches; keys are ANDed.
type Filter map[string][]string

// ParseFilter parses KEY=VALUE filters.
func ParseFilter(args []string) (Filter, error) {
	f := Filter{}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		switch {
		case !ok:
			return nil, fmt.Errorf("bad format of filter (expected name=value): %q", a)
		case k != "name" && k != "label" && k != "dangling" && k != "driver":
			return nil, fmt.Errorf("invalid filter %q", k)
		case k == "dangling" && v != "true" && v != "false" && v != "1" && v != "0":
			return nil, fmt.Errorf("invalid filter 'dangling=%s'", v)
		}
		f[k] = append(f[k], v)
	}
	return f, nil
}

// Match says whether v passes the filter; inUse is whether a container uses it.
func (f Filter) Match(v *Volume, inUse bool) bool {
	for k, vals := range f {
		if !anyMatch(vals, func(val string) bool { return matchOne(k, val, v, inUse) }) {
			return false
		}
	}
	return true
}

func anyMatch(vals []string, f func(string) bool) bool {
	for _, v := range vals {
		if f(v) {
			return true
		}
	}
	return false
}

func matchOne(key, val string, v *Volume, inUse bool) bool {
	switch key {
	case "name":
		return strings.Contains(v.Name, val)
	case "driver":
		return v.Driver == val
	case "dangling":
		return (val == "true" || val == "1") == !inUse
	case "label":
		k, want, hasValue := strings.Cut(val, "=")
		got, ok := v.Labels[k]
		return ok && (!hasValue || got == want)
	}
	return false
}

// PruneSet is the volumes `volume prune` removes: unused ones, only the
// anonymous unless all (Docker 23+), and only those the filter passes.
func PruneSet(vols []*Volume, users func(name string) []string, all bool, f Filter) []*Volume {
	var out []*Volume
	for _, v := range vols {
		if len(users(v.Name)) > 0 || (!all && !v.Anonymous()) || !f.Match(v, false) {
			continue
		}
		out = append(out, v)
	}
	return out
}
