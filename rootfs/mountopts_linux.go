package rootfs

import (
	"sort"
	"strings"

	"golang.org/x/sys/unix"
)

// MountFlags is a parsed list of mount options (fstab / OCI style).
type MountFlags struct {
	Flags       uintptr   // MS_* flags for the mount itself
	Propagation []uintptr // MS_SHARED, MS_SLAVE, ... each applied by its own mount call
	Data        []string  // filesystem options ("mode=755", "lowerdir=…")
	Attr        uint64    // MOUNT_ATTR_* for fsmount (the new mount API)
}

type flagOpt struct {
	set  bool
	flag uintptr
	attr uint64
}

// flagOpts and propagationOpts are arrays, not maps: a map literal is
// built by code at package init, which every runtime process (tent-runc,
// the container's init) runs on its way to main; an array of constants is
// static data.
var flagOpts = [...]struct {
	name string
	flagOpt
}{
	{"ro", flagOpt{true, unix.MS_RDONLY, unix.MOUNT_ATTR_RDONLY}},
	{"rw", flagOpt{false, unix.MS_RDONLY, unix.MOUNT_ATTR_RDONLY}},
	{"nosuid", flagOpt{true, unix.MS_NOSUID, unix.MOUNT_ATTR_NOSUID}},
	{"suid", flagOpt{false, unix.MS_NOSUID, unix.MOUNT_ATTR_NOSUID}},
	{"nodev", flagOpt{true, unix.MS_NODEV, unix.MOUNT_ATTR_NODEV}},
	{"dev", flagOpt{false, unix.MS_NODEV, unix.MOUNT_ATTR_NODEV}},
	{"noexec", flagOpt{true, unix.MS_NOEXEC, unix.MOUNT_ATTR_NOEXEC}},
	{"exec", flagOpt{false, unix.MS_NOEXEC, unix.MOUNT_ATTR_NOEXEC}},
	{"noatime", flagOpt{true, unix.MS_NOATIME, unix.MOUNT_ATTR_NOATIME}},
	{"atime", flagOpt{false, unix.MS_NOATIME, unix.MOUNT_ATTR_NOATIME}},
	{"nodiratime", flagOpt{true, unix.MS_NODIRATIME, unix.MOUNT_ATTR_NODIRATIME}},
	{"diratime", flagOpt{false, unix.MS_NODIRATIME, unix.MOUNT_ATTR_NODIRATIME}},
	{"relatime", flagOpt{true, unix.MS_RELATIME, unix.MOUNT_ATTR_RELATIME}},
	{"norelatime", flagOpt{false, unix.MS_RELATIME, unix.MOUNT_ATTR_RELATIME}},
	{"strictatime", flagOpt{true, unix.MS_STRICTATIME, unix.MOUNT_ATTR_STRICTATIME}},
	{"sync", flagOpt{true, unix.MS_SYNCHRONOUS, 0}},
	{"async", flagOpt{false, unix.MS_SYNCHRONOUS, 0}},
	{"dirsync", flagOpt{true, unix.MS_DIRSYNC, 0}},
	{"mand", flagOpt{true, unix.MS_MANDLOCK, 0}},
	{"nomand", flagOpt{false, unix.MS_MANDLOCK, 0}},
	{"remount", flagOpt{true, unix.MS_REMOUNT, 0}},
	{"bind", flagOpt{true, unix.MS_BIND, 0}},
	{"rbind", flagOpt{true, unix.MS_BIND | unix.MS_REC, 0}},
	{"defaults", flagOpt{false, 0, 0}},
}

var propagationOpts = [...]struct {
	name string
	flag uintptr
}{
	{"private", unix.MS_PRIVATE},
	{"rprivate", unix.MS_PRIVATE | unix.MS_REC},
	{"shared", unix.MS_SHARED},
	{"rshared", unix.MS_SHARED | unix.MS_REC},
	{"slave", unix.MS_SLAVE},
	{"rslave", unix.MS_SLAVE | unix.MS_REC},
	{"unbindable", unix.MS_UNBINDABLE},
	{"runbindable", unix.MS_UNBINDABLE | unix.MS_REC},
}

// ParseOptions splits mount options into flags, propagation changes and
// filesystem data. Unknown options are data.
func ParseOptions(opts []string) MountFlags {
	var f MountFlags
	for _, o := range opts {
		if p, ok := Propagation(o); ok {
			f.Propagation = append(f.Propagation, p)
			continue
		}
		fo, ok := lookupFlagOpt(o)
		if !ok {
			f.Data = append(f.Data, o)
			continue
		}
		if fo.set {
			f.Flags |= fo.flag
			f.Attr |= fo.attr
		} else {
			f.Flags &^= fo.flag
			f.Attr &^= fo.attr
		}
	}
	return f
}

// DataString is the data argument of mount(2).
func (f MountFlags) DataString() string { return strings.Join(f.Data, ",") }

// Propagation parses one propagation mode ("rslave", "private", ...).
func Propagation(mode string) (uintptr, bool) {
	for _, p := range propagationOpts {
		if p.name == mode {
			return p.flag, true
		}
	}
	return 0, false
}

func lookupFlagOpt(name string) (flagOpt, bool) {
	for _, o := range flagOpts {
		if o.name == name {
			return o.flagOpt, true
		}
	}
	return flagOpt{}, false
}

// KnownOptions lists the mount options ParseOptions turns into flags or
// propagation (the rest are passed to the filesystem as data), sorted.
func KnownOptions() []string {
	opts := make([]string, 0, len(flagOpts)+len(propagationOpts))
	for _, o := range flagOpts {
		opts = append(opts, o.name)
	}
	for _, o := range propagationOpts {
		opts = append(opts, o.name)
	}
	sort.Strings(opts)
	return opts
}
