package spec

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Mount types of a MountPoint, as --mount type= names them.
const (
	MountBind   = "bind"
	MountVolume = "volume"
	MountTmpfs  = "tmpfs"
)

// MountPoint is one mount the user asked for: -v, --mount or --tmpfs.
type MountPoint struct {
	Type   string // MountBind, MountVolume, MountTmpfs
	Source string // bind: host path; volume: name ("": anonymous), its host dir once resolved
	Target string // absolute path in the container
	// ReadOnly mounts it read-only (ro, readonly).
	ReadOnly bool
	// Propagation is a bind's propagation (rprivate, rshared, ...; "": rprivate).
	Propagation string
	// NoCopy leaves a new volume empty: no copy-up of the image's content (nocopy).
	NoCopy bool
	// CreateSource makes a missing bind source dir (-v does, --mount refuses).
	CreateSource bool
	// Data are a tmpfs's options (size=, mode=, noexec...).
	Data []string
}

// propagations are the bind propagation options (a slice: a map literal
// here was built at every start of tent).
var propagations = []string{"private", "rprivate", "shared", "rshared", "slave", "rslave"}

// ParseTmpfs parses --tmpfs /path[:opts] (opts as mount(8)'s, e.g. size=64m,mode=1777).
func ParseTmpfs(s string) (MountPoint, error) {
	target, opts, _ := strings.Cut(s, ":")
	m := MountPoint{Type: MountTmpfs, Target: target}
	for _, o := range strings.Split(opts, ",") {
		switch {
		case o == "":
		case o == "ro":
			m.ReadOnly = true
		default:
			m.Data = append(m.Data, o)
		}
	}
	if err := checkTarget(m.Target, "--tmpfs "+strconv.Quote(s)); err != nil {
		return MountPoint{}, err
	}
	m.Target = path.Clean(m.Target)
	return m, nil
}

// ParseMount parses --mount type=bind|volume|tmpfs,source=,target=,... as
// Docker does (type defaults to volume).
func ParseMount(s string) (MountPoint, error) {
	m := MountPoint{Type: MountVolume}
	bad := func(format string, a ...any) (MountPoint, error) {
		return MountPoint{}, fmt.Errorf("invalid argument %q for \"--mount\" flag: %s", s, fmt.Sprintf(format, a...))
	}
	for _, field := range strings.Split(s, ",") {
		k, v, hasValue := strings.Cut(field, "=")
		var err error
		switch strings.ToLower(k) {
		case "type":
			m.Type = v
		case "source", "src":
			m.Source = v
		case "target", "dst", "destination":
			m.Target = v
		case "readonly", "ro":
			m.ReadOnly, err = boolValue(v, hasValue)
		case "volume-nocopy":
			m.NoCopy, err = boolValue(v, hasValue)
		case "bind-propagation":
			if !slices.Contains(propagations, v) {
				return bad("invalid bind propagation %q", v)
			}
			m.Propagation = v
		case "tmpfs-size":
			var n int64
			if n, err = ParseBytes(v); err == nil {
				m.Data = append(m.Data, "size="+strconv.FormatInt(n, 10))
			}
		case "tmpfs-mode":
			if _, err = strconv.ParseUint(v, 8, 32); err == nil {
				m.Data = append(m.Data, "mode="+v)
			}
		default:
			return bad("unexpected key %q", k)
		}
		if err != nil {
			return bad("%s: %v", k, err)
		}
	}
	if err := checkMountPoint(m, s); err != nil {
		return MountPoint{}, err
	}
	if m.Type == MountBind {
		m.Source = filepath.Clean(m.Source)
	}
	m.Target = path.Clean(m.Target)
	return m, nil
}

func boolValue(v string, hasValue bool) (bool, error) {
	if !hasValue {
		return true, nil
	}
	return strconv.ParseBool(v)
}

// checkMountPoint checks what --mount's fields say together.
func checkMountPoint(m MountPoint, s string) error {
	what := "--mount " + strconv.Quote(s)
	switch m.Type {
	case MountBind:
		if m.Source == "" {
			return fmt.Errorf("%s: source is required for a bind mount", what)
		}
		if !filepath.IsAbs(m.Source) {
			return fmt.Errorf("%s: bind source %q is not absolute", what, m.Source)
		}
	case MountVolume:
		if m.Propagation != "" {
			return fmt.Errorf("%s: bind-propagation is for bind mounts", what)
		}
	case MountTmpfs:
		if m.Source != "" {
			return fmt.Errorf("%s: a tmpfs has no source", what)
		}
	default:
		return fmt.Errorf("%s: unknown mount type %q (want bind, volume or tmpfs)", what, m.Type)
	}
	if m.NoCopy && m.Type != MountVolume {
		return fmt.Errorf("%s: volume-nocopy is for volumes", what)
	}
	if len(m.Data) > 0 && m.Type != MountTmpfs {
		return fmt.Errorf("%s: tmpfs options are for tmpfs mounts", what)
	}
	return checkTarget(m.Target, what)
}

func checkTarget(t, what string) error {
	switch {
	case t == "":
		return fmt.Errorf("%s: target is required", what)
	case !path.IsAbs(t):
		return fmt.Errorf("%s: target %q is not absolute", what, t)
	case path.Clean(t) == "/":
		return fmt.Errorf("%s: cannot mount over /", what)
	}
	return nil
}

// SortMountPoints checks that no two mount points share a target and
// orders them parents first (by depth, as Docker), so /a is mounted before /a/b.
func SortMountPoints(mps []MountPoint) ([]MountPoint, error) {
	out := make([]MountPoint, len(mps))
	seen := map[string]bool{}
	for i, m := range mps {
		m.Target = path.Clean(m.Target)
		if seen[m.Target] {
			return nil, fmt.Errorf("duplicate mount point: %s", m.Target)
		}
		seen[m.Target] = true
		out[i] = m
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.Count(out[i].Target, "/") < strings.Count(out[j].Target, "/")
	})
	return out, nil
}

// ociMount is the spec's mount of a resolved mount point: a bind or
// volume's Source is an absolute host path by now.
func ociMount(m MountPoint) (specs.Mount, error) {
	if m.Type == MountTmpfs {
		opts := append([]string{"nosuid", "nodev", "noexec"}, m.Data...)
		if m.ReadOnly {
			opts = append(opts, "ro")
		}
		return specs.Mount{Destination: m.Target, Type: "tmpfs", Source: "tmpfs", Options: opts}, nil
	}
	if !filepath.IsAbs(m.Source) {
		return specs.Mount{}, fmt.Errorf("mount %s: source %q is not a host path (unresolved volume)", m.Target, m.Source)
	}
	b := bind(m.Source, m.Target, m.ReadOnly)
	if m.Propagation != "" {
		b.Options[1] = m.Propagation
	}
	return b, nil
}
