package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/network"
)

// The host's resolver files (Docker reads the upstream one when the first
// has only systemd-resolved's loopback stub).
const (
	hostResolvConf     = "/etc/resolv.conf"
	upstreamResolvConf = "/run/systemd/resolve/resolv.conf"
)

// writeEtcFiles writes hostname, hosts (with --add-host lines) and
// resolv.conf (with --dns*) into the container dir.
func writeEtcFiles(l layout.Layout, rec *container.Record, o RunOptions, att *network.Attachment) (Files, error) {
	id, hostname := rec.ID, etcHostname(o, rec.ID)
	f := Files{Hostname: l.HostnameFile(id), Hosts: l.HostsFile(id), Resolv: l.ResolvConfFile(id)}
	resolv, err := network.HostResolvConf(hostResolvConf, upstreamResolvConf)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return f, err
	}
	var ip string
	var peers map[string]string
	var extra []network.HostEntry
	if att != nil && att.Network != network.HostNetwork && att.Network != network.NoneNetwork {
		ip, peers, extra = att.IP, att.Peers, att.ExtraHosts
	} else if extra, err = network.ResolveExtraHosts(extraHostsOf(o), ""); err != nil {
		return f, err
	}
	for _, w := range []struct {
		path string
		data []byte
	}{
		{f.Hostname, []byte(hostname + "\n")},
		{f.Hosts, network.HostsWith(rec.Name, hostname, ip, peers, extra)},
		{f.Resolv, network.ResolvConfWith(resolv, dnsOf(o))},
	} {
		if err := os.WriteFile(w.path, w.data, 0o644); err != nil {
			return f, fmt.Errorf("write %s: %w", filepath.Base(w.path), err)
		}
	}
	return f, nil
}

// etcHostname is the container's /etc/hostname: with --uts host the host's
// name, as Docker.
func etcHostname(o RunOptions, id string) string {
	if o.UTS == "host" {
		if h, err := os.Hostname(); err == nil {
			return h
		}
	}
	return hostnameOf(o, id)
}
