package layout

import "testing"

func TestPaths(t *testing.T) {
	l := New("/var/lib/tent", "/run/tent")
	id := "0123"
	for _, tt := range []struct{ got, want string }{
		{l.ImageDir(), "/var/lib/tent/image"},
		{l.NetworkDir(), "/var/lib/tent/network"},
		{l.InitLayerDir(), "/var/lib/tent/init-layer-v1"},
		{l.ContainersDir(), "/var/lib/tent/containers"},
		{l.NamesDir(), "/var/lib/tent/containers/.names"},
		{l.NameFile("web"), "/var/lib/tent/containers/.names/web"},
		{l.ContainersLock(), "/var/lib/tent/containers/.lock"},
		{l.ContainerDir(id), "/var/lib/tent/containers/0123"},
		{l.RecordFile(id), "/var/lib/tent/containers/0123/record.json"},
		{l.OpLock(id), "/var/lib/tent/containers/0123/op.lock"},
		{l.SpecFile(id), "/var/lib/tent/containers/0123/config.json"},
		{l.LogFile(id), "/var/lib/tent/containers/0123/0123-json.log"},
		{l.MonitorLog(id), "/var/lib/tent/containers/0123/monitor.log"},
		{l.UpperDir(id), "/var/lib/tent/containers/0123/upper"},
		{l.WorkDir(id), "/var/lib/tent/containers/0123/work"},
		{l.HostnameFile(id), "/var/lib/tent/containers/0123/hostname"},
		{l.HostsFile(id), "/var/lib/tent/containers/0123/hosts"},
		{l.ResolvConfFile(id), "/var/lib/tent/containers/0123/resolv.conf"},
		{l.VolumesDir(), "/var/lib/tent/volumes"},
		{l.VolumesLock(), "/var/lib/tent/volumes/.lock"},
		{l.VolumeDir("v"), "/var/lib/tent/volumes/v"},
		{l.VolumeRecord("v"), "/var/lib/tent/volumes/v/volume.json"},
		{l.VolumeData("v"), "/var/lib/tent/volumes/v/_data"},
		{l.BuildCacheDir(), "/var/lib/tent/builder"},
		{l.RuntimeDir(), "/run/tent/runtime"},
		{l.NetnsDir(), "/run/tent/netns"},
		{l.RootfsMountpoint(), "/run/tent/rootfs"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
