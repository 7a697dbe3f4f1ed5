package nft

import "net/netip"

// Table is tent's nftables table (family ip).
const Table = "tent"

// Chain names of the base chains in Table.
const (
	Prerouting  = "prerouting"  // nat, dstnat: DNAT of published ports from other hosts
	Output      = "output"      // nat, dstnat: DNAT of published ports from this host
	Postrouting = "postrouting" // nat, srcnat: masquerade
	Raw         = "raw"         // filter, prerouting at raw priority: drops
	Forward     = "forward"     // filter, forward: isolation between networks
)

// Action is what a rule does to a matching packet.
type Action int

// Actions.
const (
	Masquerade Action = iota
	DNAT
	Drop
)

// Rule is one planned rule. Zero-valued matches are left out.
type Rule struct {
	Chain    string
	Owner    string       // comment that identifies who added it
	SrcNet   netip.Prefix // ip saddr in SrcNet
	DstNet   netip.Prefix // ip daddr in DstNet
	IifName  string       // iifname == IifName
	OifName  string       // oifname == OifName (or != with OifNot)
	OifNot   bool
	DstLocal bool       // fib daddr type local (any of the host's addresses)
	CtDNAT   bool       // ct status dnat (the connection was DNAT'd)
	NotDNAT  bool       // ct status not dnat
	OifGlob  string     // oifname OifGlob* (a name prefix)
	DstIP    netip.Addr // ip daddr == DstIP
	Proto    string     // tcp|udp, with DPort
	DPort    uint16
	Action   Action
	ToAddr   netip.Addr // DNAT target
	ToPort   uint16
	Map      string // DNAT to the map's value for the packet's key (MapAny, MapIP)
}

// Port is one published port to plan DNAT for.
type Port struct {
	HostIP   string // "" or 0.0.0.0: every local address
	HostPort uint16
	Proto    string
	CtrPort  uint16
}

// NetOwner and CtrOwner are the owner comments of network and container rules.
func NetOwner(bridge string) string { return "tent:net:" + bridge }

// CtrOwner is the owner comment of a container's rules.
func CtrOwner(id string) string { return "tent:ctr:" + id }

// NetworkRules are a bridge network's rules: masquerade what leaves the
// subnet through another interface (the way out); masquerade loopback
// sources going into the bridge (DNAT'd connections to 127.0.0.1: the
// container could not answer 127.0.0.1, so they get the gateway's address);
// masquerade DNAT'd connections from a container back into the bridge
// (a container reaching a published port, its own or another's: without it
// the answer would go straight across the bridge, skipping the un-DNAT);
// and drop packets from the bridge to 127.0.0.0/8, which route_localnet on
// the bridge would otherwise let containers send to the host's loopback
// services (CVE-2020-8558); and, as Docker isolates its networks, drop
// what goes from this bridge to another tent bridge unless it was DNAT'd to
// a published port.
func NetworkRules(bridge string, subnet netip.Prefix) []Rule {
	owner := NetOwner(bridge)
	return []Rule{
		{Chain: Raw, Owner: owner, IifName: bridge, DstNet: netip.MustParsePrefix("127.0.0.0/8"), Action: Drop},
		{Chain: Forward, Owner: owner, IifName: bridge, OifName: bridge, OifNot: true, OifGlob: "tent", NotDNAT: true, Action: Drop},
		{Chain: Postrouting, Owner: owner, SrcNet: subnet, OifName: bridge, OifNot: true, Action: Masquerade},
		{Chain: Postrouting, Owner: owner, SrcNet: netip.MustParsePrefix("127.0.0.0/8"), OifName: bridge, Action: Masquerade},
		{Chain: Postrouting, Owner: owner, SrcNet: subnet, OifName: bridge, CtDNAT: true, Action: Masquerade},
	}
}
