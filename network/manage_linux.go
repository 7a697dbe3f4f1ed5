package network

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/vishvananda/netlink"

	"github.com/tent-dev/tent/network/nft"
)

// validName is compiled on first use: a package-level regexp would be
// compiled at start-up by every tent process (the container's init included).
var validName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$`)
})

// CreateNetwork defines a user bridge network (subnet "" picks a free one)
// and creates its bridge.
func (m *Manager) CreateNetwork(name, subnet string) (*Network, error) {
	switch {
	case name == DefaultNetwork || name == NoneNetwork || name == HostNetwork:
		return nil, fmt.Errorf("network %s is pre-defined", name)
	case !validName().MatchString(name):
		return nil, fmt.Errorf("invalid network name %q: want [a-zA-Z0-9][a-zA-Z0-9_.-]*", name)
	}
	unlock, err := m.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := m.loadNetwork(name); err == nil {
		return nil, fmt.Errorf("network %s already exists", name)
	}
	n, err := m.defineNetwork(name, subnet)
	if err != nil {
		return nil, fmt.Errorf("create network %s: %w", name, err)
	}
	if err := m.ensureBridge(n); err != nil {
		os.Remove(m.netPath(name))
		return nil, fmt.Errorf("create network %s: %w", name, err)
	}
	return n, nil
}

// Inspect returns a network's definition and its containers' attachments (by id).
func (m *Manager) Inspect(name string) (*Network, map[string]Attachment, error) {
	n, err := m.loadNetwork(name)
	if err != nil {
		return nil, nil, err
	}
	all, err := m.leases()
	if err != nil {
		return nil, nil, err
	}
	members := map[string]Attachment{}
	for _, l := range all {
		if l.Network == name {
			members[l.ID] = l.Attachment
		}
	}
	return n, members, nil
}

// RemoveNetwork deletes a network's bridge, NAT rules and definition. It
// refuses while containers are attached. The default network may be
// removed too (it comes back on next use); the CLI refuses that.
func (m *Manager) RemoveNetwork(name string) error {
	unlock, err := m.lock()
	if err != nil {
		return err
	}
	defer unlock()
	n, err := m.loadNetwork(name)
	if err != nil {
		return err
	}
	all, err := m.leases()
	if err != nil {
		return err
	}
	for _, l := range m.gcLeases(all) {
		if l.Network == name {
			return fmt.Errorf("network %s has active endpoints (container %s)", name, short(l.ID))
		}
	}
	if l, err := netlink.LinkByName(n.Bridge); err == nil && l.Attrs().Alias == m.alias() {
		if err := netlink.LinkDel(l); err != nil {
			return fmt.Errorf("remove bridge %s: %w", n.Bridge, err)
		}
	}
	if err := m.nft().Delete(nft.NetOwner(n.Bridge)); err != nil {
		return err
	}
	os.Remove(strings.TrimSuffix(m.netPath(name), ".json") + ".last")
	if err := os.Remove(m.netPath(name)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove network %s: %w", name, err)
	}
	return nil
}
