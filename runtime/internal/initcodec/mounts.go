package initcodec

import (
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// The spec's mounts and Linux part in the init config (see codec.go).

func (e *encoder) mounts(ms []specs.Mount) {
	putList(e, ms, func(m *specs.Mount) {
		e.str(m.Destination)
		e.str(m.Type)
		e.str(m.Source)
		putStrings(e, m.Options)
		e.idMappings(m.UIDMappings)
		e.idMappings(m.GIDMappings)
	})
}

func (d *decoder) mounts() []specs.Mount {
	return getList(d, "mounts", func(m *specs.Mount) {
		m.Destination = d.str("destination")
		m.Type = d.str("type")
		m.Source = d.str("source")
		m.Options = getStrings[string](d, "options")
		m.UIDMappings = d.idMappings("uidMappings")
		m.GIDMappings = d.idMappings("gidMappings")
	})
}

func (e *encoder) idMappings(ms []specs.LinuxIDMapping) {
	putList(e, ms, func(m *specs.LinuxIDMapping) {
		e.uvarint(uint64(m.ContainerID))
		e.uvarint(uint64(m.HostID))
		e.uvarint(uint64(m.Size))
	})
}

func (d *decoder) idMappings(field string) []specs.LinuxIDMapping {
	return getList(d, field, func(m *specs.LinuxIDMapping) {
		*m = specs.LinuxIDMapping{ContainerID: d.u32("containerID"), HostID: d.u32("hostID"), Size: d.u32("size")}
	})
}

// linux writes the fields of spec.Linux that TrimSpec keeps.
func (e *encoder) linux(l *specs.Linux) {
	e.devices(l.Devices)
	putStrings(e, l.MaskedPaths)
	putStrings(e, l.ReadonlyPaths)
	putMap(e, l.Sysctl)
	e.str(l.RootfsPropagation)
}

func (d *decoder) linux() *specs.Linux {
	d.enter("linux")
	defer d.leave()
	return &specs.Linux{
		Devices:           d.devices(),
		MaskedPaths:       getStrings[string](d, "maskedPaths"),
		ReadonlyPaths:     getStrings[string](d, "readonlyPaths"),
		Sysctl:            getMap(d, "sysctl"),
		RootfsPropagation: d.str("rootfsPropagation"),
	}
}

func (e *encoder) devices(ds []specs.LinuxDevice) {
	putList(e, ds, func(dev *specs.LinuxDevice) {
		e.str(dev.Path)
		e.str(dev.Type)
		e.varint(dev.Major)
		e.varint(dev.Minor)
		if e.present(dev.FileMode != nil) {
			e.uvarint(uint64(*dev.FileMode))
		}
		e.optU32(dev.UID)
		e.optU32(dev.GID)
	})
}

func (d *decoder) devices() []specs.LinuxDevice {
	return getList(d, "devices", func(dev *specs.LinuxDevice) {
		dev.Path = d.str("path")
		dev.Type = d.str("type")
		dev.Major = d.varint("major")
		dev.Minor = d.varint("minor")
		if d.present("fileMode") {
			m := os.FileMode(d.u32("fileMode"))
			dev.FileMode = &m
		}
		dev.UID = d.optU32("uid")
		dev.GID = d.optU32("gid")
	})
}

func (e *encoder) optU32(v *uint32) {
	if e.present(v != nil) {
		e.uvarint(uint64(*v))
	}
}

func (d *decoder) optU32(field string) *uint32 {
	if !d.present(field) {
		return nil
	}
	v := d.u32(field)
	return &v
}
