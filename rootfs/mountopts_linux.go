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

var flagOpts = map[string]flagOpt{
	"ro":          {true, unix.MS_RDONLY, unix.MOUNT_ATTR_RDONLY},
	"rw":          {false, unix.MS_RDONLY, unix.MOUNT_ATTR_RDONLY},
	"nosuid":      {true, unix.MS_NOSUID, unix.MOUNT_ATTR_NOSUID},
	"suid":        {false, unix.MS_NOSUID, unix.MOUNT_ATTR_NOSUID},
	"nodev":       {true, unix.MS_NODEV, unix.MOUNT_ATTR_NODEV},
	"dev":         {false, unix.MS_NODEV, unix.MOUNT_ATTR_NODEV},
	"noexec":      {true, unix.MS_NOEXEC, unix.MOUNT_ATTR_NOEXEC},
	"exec":        {false, unix.MS_NOEXEC, unix.MOUNT_ATTR_NOEXEC},
	"noatime":     {true, unix.MS_NOATIME, unix.MOUNT_ATTR_NOATIME},
	"atime":       {false, unix.MS_NOATIME, unix.MOUNT_ATTR_NOATIME},
	"nodiratime":  {true, unix.MS_NODIRATIME, unix.MOUNT_ATTR_NODIRATIME},
	"diratime":    {false, unix.MS_NODIRATIME, unix.MOUNT_ATTR_NODIRATIME},
	"relatime":    {true, unix.MS_RELATIME, unix.MOUNT_ATTR_RELATIME},
	"norelatime":  {false, unix.MS_RELATIME, unix.MOUNT_ATTR_RELATIME},
	"strictatime": {true, unix.MS_STRICTATIME, unix.MOUNT_ATTR_STRICTATIME},
	"sync":        {true, unix.MS_SYNCHRONOUS, 0},
	"async":       {false, unix.MS_SYNCHRONOUS, 0},
	"dirsync":     {true, unix.MS_DIRSYNC, 0},
	"mand":        {true, unix.MS_MANDLOCK, 0},
	"nomand":      {false, unix.MS_MANDLOCK, 0},
	"remount":     {true, unix.MS_REMOUNT, 0},
	"bind":        {true, unix.MS_BIND, 0},
	"rbind":       {true, unix.MS_BIND | unix.MS_REC, 0},
	"defaults":    {false, 0, 0},
}

var propagationOpts = map[string]uintptr{
	"private":     unix.MS_PRIVATE,
	"rprivate":    unix.MS_PRIVATE | unix.MS_REC,
	"shared":      unix.MS_SHARED,
	"rshared":     unix.MS_SHARED | unix.MS_REC,
	"slave":       unix.MS_SLAVE,
	"rslave":      unix.MS_SLAVE | unix.MS_REC,
	"unbindable":  unix.MS_UNBINDABLE,
	"runbindable": unix.MS_UNBINDABLE | unix.MS_REC,
}

// ParseOptions splits mount options into flags, propagation changes and
// filesystem data. Unknown options are data.
func ParseOptions(opts []string) MountFlags {
	var f MountFlags
	for _, o := range opts {
		if p, ok := propagationOpts[o]; ok {
			f.Propagation = append(f.Propagation, p)
			continue
		}
		fo, ok := flagOpts[o]
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
	p, ok := propagationOpts[mode]
	return p, ok
}

// KnownOptions lists the mount options ParseOptions turns into flags or
// propagation (the rest are passed to the filesystem as data), sorted.
func KnownOptions() []string {
	opts := make([]string, 0, len(flagOpts)+len(propagationOpts))
	for o := range flagOpts {
		opts = append(opts, o)
	}
	for o := range propagationOpts {
		opts = append(opts, o)
	}
	sort.Strings(opts)
	return opts
}
