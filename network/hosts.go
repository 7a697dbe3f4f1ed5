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
	if m.opts.hostsPath == nil {
		return nil
	}
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
		err := rewriteInPlace(m.opts.hostsPath(l.ID), HostsWith(l.Name, hostname, l.IP, peers, l.ExtraHosts))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("hosts of %s: %w", short(l.ID), err))
		}
	}
	return errors.Join(errs...)
}

// rewriteInPlace writes b over the file from offset 0 and then cuts it to
// len(b): same inode (the file is bind-mounted), and no truncation to zero,
// which makes ext4 flush the file on close (auto_da_alloc).
func rewriteInPlace(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteAt(b, 0)
	if err == nil {
		err = f.Truncate(int64(len(b)))
	}
	return errors.Join(err, f.Close())
}
