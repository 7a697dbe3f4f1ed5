package ipam

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// ErrExhausted is returned (wrapped) when a subnet has no free address.
var ErrExhausted = errors.New("no free address")

// DefaultCandidates are the subnets tried, in order, for a new bridge
// network; the first is the default network's. None is a well-known
// engine's default: Docker takes 172.17/16 for docker0 and carves its
// user networks from 172.17-31/16 and 192.168/16; podman's first network
// is 10.88/16 and its next ones are /24s from 10.89/16 upwards (10.120/16
// only after some 7,900 of them); Kubernetes' service range is 10.96/12.
var DefaultCandidates = []string{
	"10.120.0.0/16", "10.121.0.0/16", "10.122.0.0/16", "10.123.0.0/16",
	"10.124.0.0/16", "10.125.0.0/16", "10.126.0.0/16", "10.127.0.0/16",
	"192.168.200.0/24", "192.168.201.0/24", "192.168.202.0/24",
}

// PickSubnet returns the first candidate that overlaps none of taken.
// Default routes (prefix length 0) in taken are ignored: they cover everything.
func PickSubnet(candidates []string, taken []netip.Prefix) (netip.Prefix, error) {
	for _, c := range candidates {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("candidate subnet %q: %w", c, err)
		}
		if !overlapsAny(p.Masked(), taken) {
			return p.Masked(), nil
		}
	}
	return netip.Prefix{}, fmt.Errorf("pick subnet: every candidate overlaps a host route or network")
}

// Overlaps reports whether p overlaps one of taken (default routes ignored).
func Overlaps(p netip.Prefix, taken []netip.Prefix) bool { return overlapsAny(p.Masked(), taken) }

func overlapsAny(p netip.Prefix, taken []netip.Prefix) bool {
	for _, t := range taken {
		if t.Bits() == 0 || !t.Addr().Is4() {
			continue
		}
		if p.Overlaps(t) {
			return true
		}
	}
	return false
}

// Gateway is the first host address of subnet (.1), given to the bridge.
func Gateway(subnet netip.Prefix) netip.Addr { return subnet.Masked().Addr().Next() }

// Next returns the first free host address of subnet after last (wrapping
// around; an invalid last starts at the beginning), skipping the network
// address, the gateway, the broadcast address and everything in used.
// Going round-robin keeps a just-released address (whose old veth the kernel
// may still be destroying) from being handed out again at once.
func Next(subnet netip.Prefix, used map[netip.Addr]bool, last netip.Addr) (netip.Addr, error) {
	subnet = subnet.Masked()
	if !subnet.Addr().Is4() || subnet.Bits() > 30 {
		return netip.Addr{}, fmt.Errorf("subnet %s: need IPv4 /30 or larger", subnet)
	}
	first, bcast := Gateway(subnet).Next(), broadcast(subnet)
	start := first
	if last.IsValid() && subnet.Contains(last) && last.Next() != bcast && first.Less(last.Next()) {
		start = last.Next()
	}
	for a := start; ; {
		if !used[a] {
			return a, nil
		}
		if a = a.Next(); a == bcast {
			a = first
		}
		if a == start {
			return netip.Addr{}, fmt.Errorf("subnet %s: %w", subnet, ErrExhausted)
		}
	}
}

func broadcast(p netip.Prefix) netip.Addr {
	b := p.Addr().As4()
	v := binary.BigEndian.Uint32(b[:]) | (1<<(32-p.Bits()) - 1)
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}

// MAC derives a locally administered MAC from an IPv4 address, as Docker
// does (02:42:a:b:c:d): a reused address keeps its MAC, so neighbours' ARP
// caches never go stale.
func MAC(a netip.Addr) string {
	b := a.As4()
	return fmt.Sprintf("02:42:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3])
}
