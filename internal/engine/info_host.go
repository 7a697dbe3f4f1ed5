package engine

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/network"
)

// infoSecurityOptions are docker info's: seccomp with Docker's default
// profile when the kernel has seccomp (/proc/self/status shows a
// Seccomp line), no-new-privileges (every kernel since 3.5), rootless
// when not root.
func infoSecurityOptions(procStatus string, root bool) []string {
	var out []string
	for _, l := range strings.Split(procStatus, "\n") {
		if strings.HasPrefix(l, "Seccomp:") {
			out = append(out, "name=seccomp,profile=builtin")
			break
		}
	}
	if _, err := unix.PrctlRetInt(unix.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0); err == nil {
		out = append(out, "name=no-new-privileges")
	}
	if !root {
		out = append(out, "name=rootless")
	}
	return out
}

// osRelease is os-release's PRETTY_NAME (else NAME).
func osRelease(data string) string {
	var name string
	for _, l := range strings.Split(data, "\n") {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"'`)
		switch k {
		case "PRETTY_NAME":
			return v
		case "NAME":
			name = v
		}
	}
	return name
}

// fsNames are docker info's names of backing filesystems, by statfs magic:
// a table laid out as data (a map here was built at every start of tent).
var fsNames = [...]struct {
	magic int64
	name  string
}{
	{unix.EXT4_SUPER_MAGIC, "extfs"}, {unix.XFS_SUPER_MAGIC, "xfs"}, {unix.BTRFS_SUPER_MAGIC, "btrfs"},
	{unix.TMPFS_MAGIC, "tmpfs"}, {unix.OVERLAYFS_SUPER_MAGIC, "overlayfs"}, {0x2fc12fc1, "zfs"}, {unix.NFS_SUPER_MAGIC, "nfs"},
	{unix.F2FS_SUPER_MAGIC, "f2fs"},
}

// fsName is the name of the filesystem with statfs magic m.
func fsName(m int64) (string, bool) {
	for _, f := range fsNames {
		if f.magic == m {
			return f.name, true
		}
	}
	return "", false
}

// backingFS names the filesystem the data root is on.
func backingFS(dir string) string {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return "unknown"
	}
	if n, ok := fsName(int64(st.Type)); ok {
		return n
	}
	return "unknown"
}

// networkNames are bridge, host, none and the user networks.
func (e *Engine) networkNames() []string {
	out := []string{network.DefaultNetwork, network.HostNetwork, network.NoneNetwork}
	lister, ok := e.Network.(interface {
		Networks() ([]network.Network, error)
	})
	if !ok {
		return out
	}
	nets, err := lister.Networks()
	if err != nil {
		return out
	}
	for _, n := range nets {
		if n.Name != network.DefaultNetwork {
			out = append(out, n.Name)
		}
	}
	return out
}

// runtimes are tent itself and tent-runc (the runc-compatible CLI) when
// it is installed beside tent.
func runtimes() map[string]RuntimeInfo {
	exe, err := os.Executable()
	if err != nil {
		return map[string]RuntimeInfo{"tent": {Path: "tent"}}
	}
	out := map[string]RuntimeInfo{"tent": {Path: exe}}
	if p := filepath.Join(filepath.Dir(exe), "tent-runc"); isExecutable(p) {
		out["tent-runc"] = RuntimeInfo{Path: p}
	}
	return out
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

func readFileString(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}
