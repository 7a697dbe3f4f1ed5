package runtime

import (
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// The spec's mounts and Linux part in the init config (see initcodec.go).

func (e *encoder) mounts(ms []specs.Mount) {
	e.length(len(ms))
	for i := range ms {
		m := &ms[i]
		e.str(m.Destination)
		e.str(m.Type)
		e.str(m.Source)
		putStrings(e, m.Options)
		e.idMappings(m.UIDMappings)
		e.idMappings(m.GIDMappings)
	}
}

func (d *decoder) mounts() []specs.Mount {
	n := d.length("mounts")
	if n == 0 {
		return nil
	}
	out := make([]specs.Mount, n)
	d.enter("mounts")
	for i := range out {
		d.at(i)
		m := &out[i]
		m.Destination = d.str("destination")
		m.Type = d.str("type")
		m.Source = d.str("source")
		m.Options = getStrings[string](d, "options")
		m.UIDMappings = d.idMappings("uidMappings")
		m.GIDMappings = d.idMappings("gidMappings")
	}
	d.leave()
	return out
}

func (e *encoder) idMappings(ms []specs.LinuxIDMapping) {
	e.length(len(ms))
	for _, m := range ms {
		e.uvarint(uint64(m.ContainerID))
		e.uvarint(uint64(m.HostID))
		e.uvarint(uint64(m.Size))
	}
}

func (d *decoder) idMappings(field string) []specs.LinuxIDMapping {
	n := d.length(field)
	if n == 0 {
		return nil
	}
	out := make([]specs.LinuxIDMapping, n)
	d.enter(field)
	for i := range out {
		d.at(i)
		out[i] = specs.LinuxIDMapping{ContainerID: d.u32("containerID"), HostID: d.u32("hostID"), Size: d.u32("size")}
	}
	d.leave()
	return out
}

// linux writes the fields of spec.Linux that initSpec keeps.
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
	e.length(len(ds))
	for i := range ds {
		dev := &ds[i]
		e.str(dev.Path)
		e.str(dev.Type)
		e.varint(dev.Major)
		e.varint(dev.Minor)
		if e.present(dev.FileMode != nil) {
			e.uvarint(uint64(*dev.FileMode))
		}
		e.optU32(dev.UID)
		e.optU32(dev.GID)
	}
}

func (d *decoder) devices() []specs.LinuxDevice {
	n := d.length("devices")
	if n == 0 {
		return nil
	}
	out := make([]specs.LinuxDevice, n)
	d.enter("devices")
	for i := range out {
		d.at(i)
		dev := &out[i]
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
	}
	d.leave()
	return out
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
