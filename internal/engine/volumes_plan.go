package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/spec"
)

// userMountPoints parses -v, --mount and --tmpfs.
func userMountPoints(o RunOptions) ([]spec.MountPoint, error) {
	var mps []spec.MountPoint
	for _, v := range o.Volumes {
		vol, err := spec.ParseVolume(v)
		if err != nil {
			return nil, err
		}
		mps = append(mps, vol.MountPoint())
	}
	for _, s := range o.Mounts {
		m, err := spec.ParseMount(s)
		if err != nil {
			return nil, err
		}
		mps = append(mps, m)
	}
	for _, s := range o.Tmpfs {
		m, err := spec.ParseTmpfs(s)
		if err != nil {
			return nil, err
		}
		mps = append(mps, m)
	}
	return mps, nil
}

// ParseVolumesFrom parses --volumes-from CONTAINER[:ro|rw]: the container
// and the mode its mounts get ("": as they are).
func ParseVolumesFrom(s string) (ref, mode string, err error) {
	ref, mode, _ = strings.Cut(s, ":")
	if ref == "" || (mode != "" && mode != "ro" && mode != "rw") {
		return "", "", fmt.Errorf("invalid --volumes-from %q: want CONTAINER[:ro|rw]", s)
	}
	return ref, mode, nil
}

// planMounts is the container's mounts before any volume is made: the
// user's mount points win over --volumes-from's mounts (from) at the
// same target, and the image's VOLUMEs nobody covers get an anonymous
// volume. A volume's Name "" is a new anonymous one; its Source is filled
// once it exists.
func planMounts(user []spec.MountPoint, from []container.Mount, imageVolumes []string) ([]container.Mount, error) {
	sorted, err := spec.SortMountPoints(user)
	if err != nil {
		return nil, err
	}
	var out []container.Mount
	taken := map[string]bool{}
	for _, m := range sorted {
		out = append(out, recordMount(m))
		taken[m.Target] = true
	}
	for _, m := range from {
		if !taken[m.Destination] {
			out = append(out, m)
			taken[m.Destination] = true
		}
	}
	sort.Strings(imageVolumes)
	for _, v := range imageVolumes {
		mp, err := spec.ParseVolume(v)
		if err != nil {
			return nil, fmt.Errorf("image volume: %w", err)
		}
		if !taken[mp.Container] {
			out = append(out, container.Mount{Type: spec.MountVolume, Destination: mp.Container, RW: true, CopyUp: true})
			taken[mp.Container] = true
		}
	}
	return out, nil
}

// recordMount is a mount point as the record keeps it.
func recordMount(m spec.MountPoint) container.Mount {
	r := container.Mount{Type: m.Type, Destination: m.Target, RW: !m.ReadOnly, Propagation: m.Propagation, Data: m.Data}
	switch m.Type {
	case spec.MountBind:
		r.Source = m.Source
		if r.Propagation == "" {
			r.Propagation = "rprivate"
		}
	case spec.MountVolume:
		r.Name, r.CopyUp = m.Source, !m.NoCopy
	}
	return r
}

// fromMounts are another container's mounts for --volumes-from: its
// volumes and binds, read-only or read-write as mode says.
func fromMounts(ms []container.Mount, mode string) []container.Mount {
	var out []container.Mount
	for _, m := range ms {
		if m.Type == spec.MountTmpfs {
			continue
		}
		m.CopyUp = false
		switch mode {
		case "ro":
			m.RW = false
		case "rw":
			m.RW = true
		}
		out = append(out, m)
	}
	return out
}

// specMountPoints are the record's mounts for the spec, parents first.
func specMountPoints(ms []container.Mount) []spec.MountPoint {
	out := make([]spec.MountPoint, 0, len(ms))
	for _, m := range ms {
		out = append(out, spec.MountPoint{Type: m.Type, Source: m.Source, Target: m.Destination, ReadOnly: !m.RW,
			Propagation: m.Propagation, Data: m.Data})
	}
	return out
}
