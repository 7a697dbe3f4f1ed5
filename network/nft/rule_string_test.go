package nft

import (
	"net/netip"
	"testing"
)

func TestRuleString(t *testing.T) {
	subnet := netip.MustParsePrefix("10.88.0.0/16")
	net := NetworkRules("tent0", subnet)
	ports := PortRules("abc", netip.MustParseAddr("10.88.0.2"), []Port{{HostIP: "127.0.0.1", HostPort: 8080, Proto: "tcp", CtrPort: 80}})
	tests := []struct {
		r    Rule
		want string
	}{
		{net[0], `raw ip daddr 127.0.0.0/8 iifname "tent0" drop comment "tent:net:tent0"`},
		{net[1], `forward iifname "tent0" oifname != "tent0" oifname "tent*" ct status != dnat drop comment "tent:net:tent0"`},
		{net[2], `postrouting ip saddr 10.88.0.0/16 oifname != "tent0" masquerade comment "tent:net:tent0"`},
		{net[4], `postrouting ip saddr 10.88.0.0/16 oifname "tent0" ct status dnat masquerade comment "tent:net:tent0"`},
		{ports[0], `prerouting ip daddr 127.0.0.1 tcp dport 8080 dnat to 10.88.0.2:80 comment "tent:ctr:abc"`},
		{Rule{Chain: Output, DstLocal: true, Proto: "udp", DPort: 53, Action: DNAT, ToAddr: netip.MustParseAddr("10.88.0.3"), ToPort: 53},
			`output fib daddr type local udp dport 53 dnat to 10.88.0.3:53`},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}
