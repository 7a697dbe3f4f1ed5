package network

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// RefreshHosts rewrites the hosts file of every container on a user
// network. Attach and Detach call it; the engine calls it once more after
// writing a new member's hosts file from Attachment.Peers, so that a
// container that joined in between is not missed.
func (m *Manager) RefreshHosts(network string) error {
	if network == "" || network == DefaultNetwork || network == NoneNetwork || network == HostNetwork ||
		strings.HasPrefix(network, containerNS) {
		return nil
	}
	return m.refreshHosts(network)
}

// refreshHosts rewrites the hosts file of every container on a user network
// so that each finds the others by name, under the lock (two processes
// rewriting one file at once could interleave). Files are rewritten in place
// (truncate + write, same inode): they are bind-mounted into the
// containers, and a rename would leave the container seeing the old file.
// Containers whose hosts file does not exist (yet) are skipped: the engine
// writes it from Attachment.Peers.
func (m *Manager) refreshHosts(network string) error {
	unlock, err := m.lock()
	if err != nil {
		return err
	}
	defer unlock()
	all, err := m.leases()
	if err != nil {
		return err
	}
	peers := map[string]string{}
	var members []lease
	for _, l := range all {
		if l.Network == network {
			members = append(members, l)
			if l.Name != "" {
				peers[l.Name] = l.IP
			}
		}
	}
	var errs []error
	for _, l := range members {
		hostname := l.Hostname
		if hostname == "" {
			hostname = short(l.ID)
		}
		f, err := os.OpenFile(m.opts.hostsPath(l.ID), os.O_WRONLY|os.O_TRUNC, 0)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err == nil {
			_, err = f.Write(Hosts(l.Name, hostname, l.IP, peers))
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("hosts of %s: %w", short(l.ID), err))
		}
	}
	return errors.Join(errs...)
}
