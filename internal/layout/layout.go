package layout

import "path/filepath"

// Layout is one store: a data root and a state root.
//
//	<root>/image/                   image store (its own layout below)
//	<root>/containers/<id>/         record.json, upper/, work/, config.json (bundle),
//	                                hostname, hosts, resolv.conf, <id>-json.log, monitor.log
//	<root>/containers/.names/<name> name reservations; .lock the store's lock
//	<root>/network/                 IPAM and network definitions
//	<root>/init-layer-v1/           the shared init layer
//	<root>/volumes/<name>/          volume.json and _data/ (the volume's content); .lock
//	<state>/runtime/<id>/           runtime state of live containers
//	<state>/netns/<id>              bind-mounted network namespaces
//	<state>/rootfs                  the shared, empty rootfs mountpoint
//	<state>/seccomp/                compiled seccomp programs (root only)
type Layout struct {
	Root  string // persistent data, e.g. /var/lib/tent
	State string // runtime state on tmpfs, e.g. /run/tent
}

// New is the layout under root (data) and state (runtime).
func New(root, state string) Layout { return Layout{Root: root, State: state} }

// ImageDir is the image store's root.
func (l Layout) ImageDir() string { return filepath.Join(l.Root, "image") }

// NetworkDir holds IPAM and network definitions.
func (l Layout) NetworkDir() string { return filepath.Join(l.Root, "network") }

// InitLayerVersion names the init layer's dir: a change of its contents
// gets a new dir.
const InitLayerVersion = "init-layer-v1"

// InitLayerDir is the shared read-only init layer (mount points of
// /etc/hostname, hosts, resolv.conf, /proc, /sys, /dev).
func (l Layout) InitLayerDir() string { return filepath.Join(l.Root, InitLayerVersion) }

// InitLayerTempPattern is the os.MkdirTemp pattern (in Root) of an init
// layer being made.
const InitLayerTempPattern = ".init-layer-"

// ContainersDir holds one dir per container.
func (l Layout) ContainersDir() string { return filepath.Join(l.Root, "containers") }

// NamesDir holds the name reservations: one file per name, holding its id.
func (l Layout) NamesDir() string { return filepath.Join(l.ContainersDir(), ".names") }

// NameFile reserves one container name.
func (l Layout) NameFile(name string) string { return filepath.Join(l.NamesDir(), name) }

// ContainersLock is the container store's lock (creations, names).
func (l Layout) ContainersLock() string { return filepath.Join(l.ContainersDir(), ".lock") }

// ContainerDir is one container's dir; it is also its OCI bundle.
func (l Layout) ContainerDir(id string) string { return filepath.Join(l.ContainersDir(), id) }

// RecordFile is the container's record.
func (l Layout) RecordFile(id string) string { return filepath.Join(l.ContainerDir(id), "record.json") }

// OpLock serializes commands on one container (stop, rm, start...).
func (l Layout) OpLock(id string) string { return filepath.Join(l.ContainerDir(id), "op.lock") }

// SpecFile is the bundle's config.json: the container's OCI spec.
func (l Layout) SpecFile(id string) string { return filepath.Join(l.ContainerDir(id), "config.json") }

// LogFile is the container's json-file log.
func (l Layout) LogFile(id string) string { return filepath.Join(l.ContainerDir(id), id+"-json.log") }

// MonitorLog is the detached container's monitor's own output.
func (l Layout) MonitorLog(id string) string { return filepath.Join(l.ContainerDir(id), "monitor.log") }

// UpperDir and WorkDir are the container's overlay upper and work dirs.
func (l Layout) UpperDir(id string) string { return filepath.Join(l.ContainerDir(id), "upper") }

// WorkDir is the overlay's work dir.
func (l Layout) WorkDir(id string) string { return filepath.Join(l.ContainerDir(id), "work") }

// HostnameFile, HostsFile and ResolvConfFile are bind-mounted on the
// container's /etc/hostname, /etc/hosts and /etc/resolv.conf.
func (l Layout) HostnameFile(id string) string { return filepath.Join(l.ContainerDir(id), "hostname") }

// HostsFile is the container's /etc/hosts.
func (l Layout) HostsFile(id string) string { return filepath.Join(l.ContainerDir(id), "hosts") }

// ResolvConfFile is the container's /etc/resolv.conf.
func (l Layout) ResolvConfFile(id string) string {
	return filepath.Join(l.ContainerDir(id), "resolv.conf")
}

// VolumesDir holds one dir per volume.
func (l Layout) VolumesDir() string { return filepath.Join(l.Root, "volumes") }

// VolumesLock is the volume store's lock (create, remove, copy-up).
func (l Layout) VolumesLock() string { return filepath.Join(l.VolumesDir(), ".lock") }

// VolumeDir is one volume's dir.
func (l Layout) VolumeDir(name string) string { return filepath.Join(l.VolumesDir(), name) }

// VolumeRecord is the volume's record (name, labels, creation time).
func (l Layout) VolumeRecord(name string) string {
	return filepath.Join(l.VolumeDir(name), "volume.json")
}

// VolumeData is the volume's content, mounted into containers (Docker's _data).
func (l Layout) VolumeData(name string) string { return filepath.Join(l.VolumeDir(name), "_data") }

// BuildCacheDir is the builder's dir (cache/, tmp/: tent-image build);
// `system df` counts it when it exists.
func (l Layout) BuildCacheDir() string { return filepath.Join(l.Root, "builder") }

// RuntimeDir is the runtime's state root (runtime.New).
func (l Layout) RuntimeDir() string { return filepath.Join(l.State, "runtime") }

// NetnsDir holds the bind-mounted network namespaces, one file per id.
func (l Layout) NetnsDir() string { return filepath.Join(l.State, "netns") }

// RootfsMountpoint is the one shared, empty mountpoint each container's
// overlay is mounted on, inside that container's mount namespace only.
func (l Layout) RootfsMountpoint() string { return filepath.Join(l.State, "rootfs") }

// SeccompCacheDir holds compiled seccomp programs (seccomp.Cache, 0700).
func (l Layout) SeccompCacheDir() string { return filepath.Join(l.State, "seccomp") }
