package network

import (
	"context"
	"errors"
	"fmt"
	"github.com/tent-dev/tent/internal/trace"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vishvananda/netlink"
	vnetns "github.com/vishvananda/netns"

	"github.com/tent-dev/tent/internal/randid"
	"github.com/tent-dev/tent/network/ipam"
	"github.com/tent-dev/tent/network/netns"
	"github.com/tent-dev/tent/network/nft"
)

// attachBridge makes the netns in the background while, under the lock, it
// settles the network, ports and address (the lease); then, outside the
// lock, the veth, addresses and DNAT rules. Detach works from the id alone,
// so a crash at any point leaves nothing it cannot remove.
func (m *Manager) attachBridge(ctx context.Context, o AttachOpts, name string) (*Attachment, error) {
	nsPath := m.netnsPath(o.ContainerID)
	nsDone := make(chan error, 1)
	tr := o.Trace.With("network")
	go func() {
		t := tr.Start()
		nsDone <- m.makeNetns(nsPath)
		tr.End("unshare(CLONE_NEWNET), bind-mount the netns", t)
	}()
	t := tr.Start()
	a, n, err := m.reserveLocked(o, name, nsPath)
	tr.End("reserve address and ports (network lock)", t)
	if nsErr := <-nsDone; err == nil {
		err = nsErr
	}
	if err != nil {
		return nil, err
	}
	if err := m.plumb(ctx, n, a, o.ContainerID, tr.Laps()); err != nil {
		return nil, err
	}
	if name != DefaultNetwork {
		// Best effort: another member's unwritable hosts file must not
		// fail this container's start.
		_ = m.refreshHosts(name)
	}
	return a, nil
}

func (m *Manager) reserveLocked(o AttachOpts, name, nsPath string) (*Attachment, *Network, error) {
	unlock, err := m.lock()
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	n, err := m.network(name)
	if err != nil {
		return nil, nil, err
	}
	a, err := m.reserve(o, n, nsPath)
	return a, n, err
}

// reserve picks host ports and an address and writes the lease. Caller holds the lock.
func (m *Manager) reserve(o AttachOpts, n *Network, nsPath string) (*Attachment, error) {
	all, err := m.leases()
	if err != nil {
		return nil, err
	}
	all = m.gcLeases(all)
	ports, err := resolvePorts(o.Ports, leasedPorts(all))
	if err != nil {
		return nil, err
	}
	subnet, err := netip.ParsePrefix(n.Subnet)
	if err != nil {
		return nil, fmt.Errorf("network %s: subnet: %w", n.Name, err)
	}
	used := map[netip.Addr]bool{}
	peers := map[string]string{}
	for _, l := range all {
		if l.Network == n.Name {
			if a, err := netip.ParseAddr(l.IP); err == nil {
				used[a] = true
			}
			if l.Name != "" {
				peers[l.Name] = l.IP
			}
		}
	}
	lastPath := filepath.Join(m.root, "networks", n.Name+".last")
	last, _ := os.ReadFile(lastPath)
	lastIP, _ := netip.ParseAddr(strings.TrimSpace(string(last)))
	ip, err := ipam.Next(subnet, used, lastIP)
	if err != nil {
		return nil, err
	}
	suffix, err := randid.Hex(4)
	if err != nil {
		return nil, fmt.Errorf("host veth name: %w", err)
	}
	a := &Attachment{Network: n.Name, NetnsPath: nsPath, IfName: "eth0", IP: ip.String(), PrefixLen: subnet.Bits(),
		Gateway: n.Gateway, MAC: ipam.MAC(ip), HostVeth: "veth" + suffix, Ports: ports}
	if n.Name != DefaultNetwork {
		a.Peers = peers
	}
	if a.ExtraHosts, err = ResolveExtraHosts(o.ExtraHosts, n.Gateway); err != nil {
		return nil, err
	}
	l := lease{ID: o.ContainerID, Name: o.Name, Hostname: o.Hostname, Created: time.Now().UTC(), Attachment: *a}
	if err := writeJSON(m.leasePath(o.ContainerID), l); err != nil {
		return nil, fmt.Errorf("write lease: %w", err)
	}
	if err := writeLast(lastPath, ip); err != nil {
		return nil, fmt.Errorf("write ipam state: %w", err)
	}
	if m.opts.log.On() {
		m.opts.log.Debugf("lease %s: network %s, %s/%d via %s, mac %s, ports %v", short(o.ContainerID),
			n.Name, a.IP, a.PrefixLen, a.Gateway, a.MAC, a.Ports)
	}
	return a, nil
}

// afterVeth is a test hook: a failure half-way through plumb.
var afterVeth = func() error { return nil }

// plumb makes the veth pair with its peer created right inside the netns
// (no move), configures eth0 and lo there, and adds the DNAT rules.
func (m *Manager) plumb(ctx context.Context, n *Network, a *Attachment, id string, tr *trace.Laps) error {
	ns, err := vnetns.GetFromPath(a.NetnsPath)
	if err != nil {
		return fmt.Errorf("open netns: %w", err)
	}
	defer ns.Close()
	br, err := netlink.LinkByName(n.Bridge)
	if err != nil {
		return fmt.Errorf("bridge %s: %w", n.Bridge, err)
	}
	mac, _ := net.ParseMAC(a.MAC)
	veth := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: a.HostVeth, MasterIndex: br.Attrs().Index, Flags: net.FlagUp, MTU: br.Attrs().MTU},
		PeerName: a.IfName, PeerHardwareAddr: mac, PeerNamespace: netlink.NsFd(int(ns))}
	if err := netlink.LinkAdd(veth); err != nil {
		return fmt.Errorf("create veth %s: %w", a.HostVeth, err)
	}
	if tr.On() {
		tr.Step("veth pair on " + n.Bridge + ", its peer " + a.IfName + " made in the netns")
	}
	if m.opts.log.On() {
		m.opts.log.Debugf("veth %s (bridge %s, mtu %d, hairpin) ↔ %s in %s", a.HostVeth, n.Bridge, br.Attrs().MTU, a.IfName, a.NetnsPath)
	}
	if err := afterVeth(); err != nil {
		return err
	}
	if err := netlink.LinkSetHairpin(veth, true); err != nil {
		return fmt.Errorf("veth %s hairpin: %w", a.HostVeth, err)
	}
	tr.Step("veth hairpin")
	if err := configureInside(ns, a, tr); err != nil {
		return err
	}
	if m.opts.log.On() {
		m.opts.log.Debugf("netns %s: %s %s/%d up, lo up, default route via %s", a.NetnsPath, a.IfName, a.IP, a.PrefixLen, a.Gateway)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	ip, err := netip.ParseAddr(a.IP)
	if err != nil {
		return fmt.Errorf("container address: %w", err)
	}
	if err := m.nft().AddPorts(nft.PortElems(id, ip, nftPorts(a.Ports))); err != nil {
		return err
	}
	if tr.On() {
		tr.Step(fmt.Sprintf("nft rules: %d published ports, as map elements", len(a.Ports)))
	}
	return nil
}

// configureInside gives eth0 its address and default route and brings lo and eth0 up.
func configureInside(ns vnetns.NsHandle, a *Attachment, tr *trace.Laps) error {
	h, err := netlink.NewHandleAt(ns)
	if err != nil {
		return fmt.Errorf("netlink in netns: %w", err)
	}
	defer h.Close()
	eth, err := h.LinkByName(a.IfName)
	if err != nil {
		return fmt.Errorf("find %s in netns: %w", a.IfName, err)
	}
	ip := net.ParseIP(a.IP)
	addr := &netlink.Addr{IPNet: &net.IPNet{IP: ip, Mask: net.CIDRMask(a.PrefixLen, 32)}}
	if err := h.AddrAdd(eth, addr); err != nil {
		return fmt.Errorf("address %s: %w", a.IP, err)
	}
	if tr.On() {
		tr.Step(fmt.Sprintf("address %s/%d on %s", a.IP, a.PrefixLen, a.IfName))
	}
	if err := h.LinkSetUp(eth); err != nil {
		return fmt.Errorf("%s up: %w", a.IfName, err)
	}
	if err := loUp(h); err != nil {
		return err
	}
	tr.Step("eth0 up, lo up")
	if err := h.RouteAdd(&netlink.Route{LinkIndex: eth.Attrs().Index, Gw: net.ParseIP(a.Gateway)}); err != nil {
		return fmt.Errorf("default route via %s: %w", a.Gateway, err)
	}
	if tr.On() {
		tr.Step("default route via " + a.Gateway)
	}
	return nil
}

func loUp(h *netlink.Handle) error {
	lo, err := h.LinkByName("lo")
	if err == nil {
		err = h.LinkSetUp(lo)
	}
	if err != nil {
		return fmt.Errorf("lo up: %w", err)
	}
	return nil
}

// makeNetns creates the container's bind-mounted netns.
func (m *Manager) makeNetns(path string) error {
	if err := netns.New(path); err != nil {
		return fmt.Errorf("create netns: %w", err)
	}
	if m.opts.log.On() {
		m.opts.log.Debugf("netns %s: created (bind mount)", path)
	}
	return nil
}

// attachNone gives the container a netns with lo up and nothing else.
func (m *Manager) attachNone(o AttachOpts) (*Attachment, error) {
	if len(o.Ports) > 0 {
		return nil, errors.New("network none: cannot publish ports")
	}
	p := m.netnsPath(o.ContainerID)
	if err := m.makeNetns(p); err != nil {
		return nil, err
	}
	a := &Attachment{Network: NoneNetwork, NetnsPath: p}
	err := func() error {
		ns, err := vnetns.GetFromPath(p)
		if err != nil {
			return fmt.Errorf("open netns: %w", err)
		}
		defer ns.Close()
		h, err := netlink.NewHandleAt(ns)
		if err != nil {
			return fmt.Errorf("netlink in netns: %w", err)
		}
		defer h.Close()
		if err := loUp(h); err != nil {
			return err
		}
		return writeJSON(m.leasePath(o.ContainerID), lease{ID: o.ContainerID, Name: o.Name, Created: time.Now().UTC(), Attachment: *a})
	}()
	if err != nil {
		netns.Remove(p)
		return nil, fmt.Errorf("network none: %w", err)
	}
	if m.opts.log.On() {
		m.opts.log.Debugf("netns %s: lo up (network none)", p)
	}
	return a, nil
}

// writeLast records the last address given, in place and padded to a fixed
// length: no truncation and no rename over the old file, either of which
// makes ext4 flush the file (auto_da_alloc). A torn write
// only restarts the round-robin.
func writeLast(path string, ip netip.Addr) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteAt([]byte(fmt.Sprintf("%-15s\n", ip)), 0)
	return errors.Join(err, f.Close())
}

func nftPorts(ps []PortMapping) []nft.Port {
	out := make([]nft.Port, 0, len(ps))
	for _, p := range ps {
		out = append(out, nft.Port{HostIP: p.HostIP, HostPort: p.HostPort, Proto: p.Proto, CtrPort: p.ContainerPort})
	}
	return out
}
