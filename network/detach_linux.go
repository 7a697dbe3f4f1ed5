package network

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/tent-dev/tent/network/netns"
	"github.com/tent-dev/tent/network/nft"
)

// Detach removes everything Attach made for the container: published ports, the
// netns bind mount and file (the kernel then destroys the namespace and the
// veth pair in its own cleanup work, off our path), and the lease. It is
// idempotent and works from what is on disk alone, so after a crash too.
func (m *Manager) Detach(containerID string) error {
	if err := validID(containerID); err != nil {
		return err
	}
	var l lease
	err := readJSON(m.leasePath(containerID), &l)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("detach %s: read lease: %w", short(containerID), err)
	}
	var errs []error
	if !strings.HasPrefix(l.Network, containerNS) {
		// Deleting nft rules costs an RCU grace period: skip the
		// search when the lease says there are none. No lease (a crash
		// between netns and lease): search anyway.
		switch {
		case err != nil:
			errs = append(errs, m.nft().Delete(nft.CtrOwner(containerID)))
		case len(l.Ports) > 0:
			errs = append(errs, m.unpublish(l))
		}
		errs = append(errs, netns.Remove(m.netnsPath(containerID)))
	}
	if err := os.Remove(m.leasePath(containerID)); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, fmt.Errorf("remove lease: %w", err))
	}
	if l.Network != "" && l.Network != DefaultNetwork && l.Name != "" {
		_ = m.refreshHosts(l.Network) // best effort: the others' hosts files
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("detach %s: %w", short(containerID), err)
	}
	if m.opts.log.On() {
		m.opts.log.Debugf("detach %s: network %q, netns and lease removed", short(containerID), l.Network)
	}
	return nil
}

// unpublish removes the lease's published ports from the nft maps, by key;
// without a readable address, every element of the container.
func (m *Manager) unpublish(l lease) error {
	ip, err := netip.ParseAddr(l.IP)
	if err != nil {
		return m.nft().Delete(nft.CtrOwner(l.ID))
	}
	return m.nft().DeletePorts(nft.PortElems(l.ID, ip, nftPorts(l.Ports)))
}

// leaseGrace is how long a lease may exist without its netns: Attach writes
// the lease before it makes the netns.
const leaseGrace = time.Minute

// gcLeases drops leases whose netns file is gone (the CLI was killed
// mid-attach, the host rebooted and /run was emptied) and removes their
// DNAT rules. Caller holds the lock. It returns the leases still alive.
func (m *Manager) gcLeases(all []lease) []lease {
	live := all[:0]
	for _, l := range all {
		fi, err := os.Stat(m.leasePath(l.ID))
		young := err == nil && time.Since(fi.ModTime()) < leaseGrace
		if l.NetnsPath == "" || young || netns.IsNetns(l.NetnsPath) {
			live = append(live, l)
			continue
		}
		if strings.HasPrefix(l.Network, containerNS) {
			os.Remove(m.leasePath(l.ID))
			continue
		}
		if m.unpublish(l) == nil {
			os.Remove(m.leasePath(l.ID))
		}
	}
	return live
}

// attachContainer shares another container's netns (--network container:X).
func (m *Manager) attachContainer(o AttachOpts, ref string) (*Attachment, error) {
	if len(o.Ports) > 0 {
		return nil, errors.New("network container: publish ports on the other container")
	}
	other, err := m.find(ref)
	if err != nil {
		return nil, err
	}
	a := other.Attachment
	a.Network = containerNS + other.ID
	a.Ports, a.HostVeth, a.Peers = nil, "", nil
	if err := writeJSON(m.leasePath(o.ContainerID), lease{ID: o.ContainerID, Name: o.Name, Attachment: a}); err != nil {
		return nil, fmt.Errorf("write lease: %w", err)
	}
	return &a, nil
}

// find looks a container up by full id, unique id prefix or name.
func (m *Manager) find(ref string) (*lease, error) {
	all, err := m.leases()
	if err != nil {
		return nil, err
	}
	var hits []lease
	for _, l := range all {
		if l.ID == ref || l.Name == ref {
			return &l, nil
		}
		if strings.HasPrefix(l.ID, ref) {
			hits = append(hits, l)
		}
	}
	if len(hits) != 1 {
		return nil, fmt.Errorf("container %s: %w", ref, ErrNotFound)
	}
	return &hits[0], nil
}
