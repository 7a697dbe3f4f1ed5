package network

import (
	"io"
	"net/netip"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/network/ipam"
)

// maxConfigFile caps what is read of one engine config file.
const maxConfigFile = 1 << 20

// WithHostConfigRoot reads other engines' network configs (CNI, podman,
// Docker) under root instead of / (tests).
func WithHostConfigRoot(root string) Option { return func(o *options) { o.configRoot = root } }

// engineConfigs reads the files ipam.ConfiguredSubnets takes, under root.
// Missing or unreadable files are skipped: they claim nothing.
func engineConfigs(root string) ipam.EngineConfigs {
	var c ipam.EngineConfigs
	read := func(pattern string) [][]byte {
		paths, _ := filepath.Glob(filepath.Join(root, pattern))
		var out [][]byte
		for _, p := range paths {
			if b, ok := readSmall(p); ok {
				out = append(out, b)
			}
		}
		return out
	}
	c.CNI = append(read("etc/cni/net.d/*.conflist"), read("etc/cni/net.d/*.conf")...)
	c.Podman = read("etc/containers/networks/*.json")
	c.DockerDaemon, _ = readSmall(filepath.Join(root, "etc/docker/daemon.json"))
	c.HasDocker = isDir(filepath.Join(root, "etc/docker"))
	c.HasPodman = isDir(filepath.Join(root, "etc/containers"))
	return c
}

// configuredPrefixes are the subnets other engines' configs claim.
func (m *Manager) configuredPrefixes() []netip.Prefix {
	root := m.opts.configRoot
	if root == "" {
		root = "/"
	}
	return ipam.ConfiguredSubnets(engineConfigs(root))
}

func readSmall(path string) ([]byte, bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxConfigFile))
	return b, err == nil && len(b) > 0
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
