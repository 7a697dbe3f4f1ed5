package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/network"
)

// The host's resolver files (Docker reads the upstream one when the first
// has only systemd-resolved's loopback stub).
const (
	hostResolvConf     = "/etc/resolv.conf"
	upstreamResolvConf = "/run/systemd/resolve/resolv.conf"
)

// writeEtcFiles writes hostname, hosts and resolv.conf into the container dir.
func writeEtcFiles(l layout.Layout, id, name, hostname string, att *network.Attachment) (Files, error) {
	f := Files{Hostname: l.HostnameFile(id), Hosts: l.HostsFile(id), Resolv: l.ResolvConfFile(id)}
	resolv, err := network.HostResolvConf(hostResolvConf, upstreamResolvConf)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return f, err
	}
	var ip string
	var peers map[string]string
	if att != nil {
		ip, peers = att.IP, att.Peers
	}
	for _, w := range []struct {
		path string
		data []byte
	}{{f.Hostname, []byte(hostname + "\n")}, {f.Hosts, network.Hosts(name, hostname, ip, peers)}, {f.Resolv, network.ResolvConf(resolv)}} {
		if err := os.WriteFile(w.path, w.data, 0o644); err != nil {
			return f, fmt.Errorf("write %s: %w", filepath.Base(w.path), err)
		}
	}
	return f, nil
}
