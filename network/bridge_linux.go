package network

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/vishvananda/netlink"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/network/ipam"
	"github.com/tent-dev/tent/network/nft"
)

// aliasPrefix marks tent's bridges (IFLA_IFALIAS "tent:<root>"), so that two
// tent roots on one host never share a bridge and a bridge whose root is
// gone can be reclaimed.
const aliasPrefix = "tent:"

// network returns the definition of name, creating the default network on
// first use, and makes sure its bridge and NAT rules exist. Caller holds the lock.
func (m *Manager) network(name string) (*Network, error) {
	n, err := m.loadNetwork(name)
	if errors.Is(err, ErrNotFound) && name == DefaultNetwork {
		n, err = m.defineNetwork(name, "")
	}
	if err != nil {
		return nil, err
	}
	return n, m.ensureBridge(n)
}

// defineNetwork picks a bridge name and subnet and writes the definition.
func (m *Manager) defineNetwork(name, subnet string) (*Network, error) {
	m.reclaimStale()
	br, err := m.bridgeName(name)
	if err != nil {
		return nil, err
	}
	taken, err := m.takenPrefixes()
	if err != nil {
		return nil, err
	}
	var p netip.Prefix
	if subnet != "" {
		if p, err = netip.ParsePrefix(subnet); err != nil || !p.Addr().Is4() || p.Bits() > 30 {
			return nil, fmt.Errorf("subnet %q: want an IPv4 CIDR of /30 or larger", subnet)
		}
		if p = p.Masked(); ipam.Overlaps(p, taken) {
			return nil, fmt.Errorf("subnet %s overlaps a host route, another network or one another engine (CNI, podman, Docker) is configured with", p)
		}
	} else if p, err = ipam.PickSubnet(m.candidates(name), taken); err != nil {
		return nil, err
	}
	n := &Network{Name: name, Bridge: br, Subnet: p.String(), Gateway: ipam.Gateway(p).String(), Created: time.Now().UTC()}
	if err := writeJSON(m.netPath(name), n); err != nil {
		return nil, fmt.Errorf("write network %s: %w", name, err)
	}
	return n, nil
}

// candidates are the subnets to try for a new network: the first is kept
// for the default network, as Docker keeps 172.17/16 for docker0.
func (m *Manager) candidates(name string) []string {
	if c := m.opts.subnets; name != DefaultNetwork && len(c) > 1 {
		return c[1:]
	}
	return m.opts.subnets
}

// bridgeName is tent0 (or the first free tentN) for the default network and
// tent-<8 hex of root+name> for user networks.
func (m *Manager) bridgeName(name string) (string, error) {
	if name != DefaultNetwork {
		h := sha256.Sum256([]byte(m.root + "\x00" + name))
		return "tent-" + hex.EncodeToString(h[:4]), nil
	}
	base := strings.TrimRight(m.opts.bridge, "0123456789")
	for i := 0; i < 100; i++ {
		cand := m.opts.bridge
		if i > 0 {
			cand = fmt.Sprintf("%s%d", base, i)
		}
		l, err := netlink.LinkByName(cand)
		if err != nil || l.Attrs().Alias == m.alias() {
			return cand, nil
		}
	}
	return "", errors.New("no free bridge name")
}

func (m *Manager) alias() string { return aliasPrefix + m.root }

// takenPrefixes are the host's IPv4 routes and addresses, this root's
// networks and the subnets other engines' configs claim.
func (m *Manager) takenPrefixes() ([]netip.Prefix, error) {
	out := m.configuredPrefixes()
	routes, err := netlink.RouteListFiltered(netlink.FAMILY_V4, &netlink.Route{Table: 0}, netlink.RT_FILTER_TABLE)
	if err != nil {
		return nil, fmt.Errorf("list routes: %w", err)
	}
	for _, r := range routes {
		if r.Dst != nil {
			if p, ok := prefixOf(r.Dst); ok {
				out = append(out, p)
			}
		}
	}
	addrs, err := netlink.AddrList(nil, netlink.FAMILY_V4)
	if err != nil {
		return nil, fmt.Errorf("list addresses: %w", err)
	}
	for _, a := range addrs {
		if p, ok := prefixOf(a.IPNet); ok {
			out = append(out, p)
		}
	}
	nets, err := m.Networks()
	if err != nil {
		return nil, err
	}
	for _, n := range nets {
		if p, err := netip.ParsePrefix(n.Subnet); err == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

func prefixOf(n *net.IPNet) (netip.Prefix, bool) {
	a, ok := netip.AddrFromSlice(n.IP.To4())
	if !ok {
		return netip.Prefix{}, false
	}
	ones, _ := n.Mask.Size()
	return netip.PrefixFrom(a, ones), true
}

// ensureBridge creates the bridge (address, up, sysctls, NAT) if missing.
func (m *Manager) ensureBridge(n *Network) error {
	p, err := netip.ParsePrefix(n.Subnet)
	if err != nil {
		return fmt.Errorf("network %s subnet: %w", n.Name, err)
	}
	if _, err := netlink.LinkByName(n.Bridge); err != nil {
		if err := createBridge(n.Bridge, m.alias(), p); err != nil {
			return err
		}
		if m.opts.log.On() {
			m.opts.log.Debugf("bridge %s: created, %s on %s, up", n.Bridge, ipam.Gateway(p), p)
		}
	}
	if err := bridgeSysctls(n.Bridge, m.opts.log); err != nil {
		return err
	}
	// Rules of an older tent, or half of them: replace them all.
	owner, rules := nft.NetOwner(n.Bridge), nft.NetworkRules(n.Bridge, p)
	if c, err := m.nft().Count(owner, nft.Postrouting, nft.Raw, nft.Forward); err != nil || c == len(rules) {
		return err
	}
	if err := m.nft().Delete(owner); err != nil {
		return err
	}
	return m.nft().Add(rules)
}

func createBridge(name, alias string, p netip.Prefix) error {
	gw := ipam.Gateway(p)
	mac, _ := net.ParseMAC(ipam.MAC(gw))
	br := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: name, HardwareAddr: mac, Flags: net.FlagUp}}
	if err := netlink.LinkAdd(br); err != nil {
		return fmt.Errorf("create bridge %s: %w", name, err)
	}
	fail := func(err error) error {
		netlink.LinkDel(br)
		return err
	}
	if err := netlink.LinkSetAlias(br, alias); err != nil {
		return fail(fmt.Errorf("bridge %s alias: %w", name, err))
	}
	addr := &netlink.Addr{IPNet: &net.IPNet{IP: gw.AsSlice(), Mask: net.CIDRMask(p.Bits(), 32)}}
	if err := netlink.AddrAdd(br, addr); err != nil {
		return fail(fmt.Errorf("bridge %s address %s: %w", name, gw, err))
	}
	if err := netlink.LinkSetUp(br); err != nil {
		return fail(fmt.Errorf("bridge %s up: %w", name, err))
	}
	return nil
}

// bridgeSysctls turns on forwarding and route_localnet on the bridge (so
// DNAT'd connections to 127.0.0.1 may leave through it), and off IPv6
// router advertisements on it (CVE-2020-13401: a container could announce
// itself as the host's router). Without IPv6 that file is missing.
func bridgeSysctls(bridge string, log debuglog.Log) error {
	for _, s := range []struct {
		path, value string
		optional    bool
	}{
		{"/proc/sys/net/ipv4/ip_forward", "1", false},
		{"/proc/sys/net/ipv4/conf/" + bridge + "/route_localnet", "1", false},
		{"/proc/sys/net/ipv6/conf/" + bridge + "/accept_ra", "0", true},
	} {
		b, err := os.ReadFile(s.path)
		if err == nil && strings.TrimSpace(string(b)) == s.value {
			continue
		}
		if s.optional && errors.Is(err, os.ErrNotExist) {
			continue
		}
		if log.On() {
			log.Debugf("sysctl %s ← %s", s.path, s.value)
		}
		if err := os.WriteFile(s.path, []byte(s.value), 0o644); err != nil {
			return fmt.Errorf("sysctl %s: %w", s.path, err)
		}
	}
	return nil
}

// reclaimStale deletes tent bridges (and their NAT rules) whose root dir no
// longer exists: left by a removed test root or an uninstalled tent.
func (m *Manager) reclaimStale() {
	links, err := netlink.LinkList()
	if err != nil {
		return
	}
	for _, l := range links {
		root, ok := strings.CutPrefix(l.Attrs().Alias, aliasPrefix)
		if !ok || l.Type() != "bridge" {
			continue
		}
		if _, err := os.Stat(root); errors.Is(err, os.ErrNotExist) {
			netlink.LinkDel(l)
			m.nft().Delete(nft.NetOwner(l.Attrs().Name))
		}
	}
}
