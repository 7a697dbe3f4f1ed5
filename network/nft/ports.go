package nft

import "net/netip"

// Published ports live in two maps of tent's table, made once with it, and
// looked up by two DNAT rules in each of Prerouting and Output (owner
// PortsOwner). A container's ports are map elements: publishing and
// unpublishing is one batch of element changes, with no rule to add, list
// or delete per container.
const (
	// MapAny is keyed by proto . port: ports published on every local address.
	MapAny = "ports"
	// MapIP is keyed by address . proto . port: ports published on one address.
	MapIP = "ports_ip"
	// PortsOwner is the owner comment of the map lookup rules.
	PortsOwner = "tent:ports"
)

// Elem is one published port as a map element: (HostIP .) Proto . HostPort
// maps to ToAddr . ToPort; Owner is its comment.
type Elem struct {
	Map      string
	HostIP   netip.Addr // MapIP only
	Proto    string
	HostPort uint16
	ToAddr   netip.Addr
	ToPort   uint16
	Owner    string
}

// PortElems are a container's published ports as map elements: on every
// local address (no host IP or 0.0.0.0) in MapAny, else in MapIP.
func PortElems(id string, ip netip.Addr, ports []Port) []Elem {
	var out []Elem
	for _, p := range ports {
		e := Elem{Map: MapAny, Proto: p.Proto, HostPort: p.HostPort, ToAddr: ip, ToPort: p.CtrPort, Owner: CtrOwner(id)}
		if a, err := netip.ParseAddr(p.HostIP); err == nil && !a.IsUnspecified() {
			e.Map, e.HostIP = MapIP, a
		}
		out = append(out, e)
	}
	return out
}

// PortMapRules look the maps up in both DNAT chains: the one-address map
// first (a port on one address wins over the same port on all), then the
// any-address map for destinations local to the host.
func PortMapRules() []Rule {
	var out []Rule
	for _, c := range []string{Prerouting, Output} {
		out = append(out,
			Rule{Chain: c, Owner: PortsOwner, Map: MapIP, Action: DNAT},
			Rule{Chain: c, Owner: PortsOwner, Map: MapAny, DstLocal: true, Action: DNAT})
	}
	return out
}
