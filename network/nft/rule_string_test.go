package nft

import (
	"net/netip"
	"testing"
)

func TestRuleString(t *testing.T) {
	subnet := netip.MustParsePrefix("10.88.0.0/16")
	net := NetworkRules("tent0", subnet)
	tests := []struct {
		r    Rule
		want string
	}{
		{net[0], `raw ip daddr 127.0.0.0/8 iifname "tent0" drop comment "tent:net:tent0"`},
		{net[1], `forward iifname "tent0" oifname != "tent0" oifname "tent*" ct status != dnat drop comment "tent:net:tent0"`},
		{net[2], `postrouting ip saddr 10.88.0.0/16 oifname != "tent0" masquerade comment "tent:net:tent0"`},
		{net[4], `postrouting ip saddr 10.88.0.0/16 oifname "tent0" ct status dnat masquerade comment "tent:net:tent0"`},
		{Rule{Chain: Prerouting, Owner: "tent:ctr:abc", DstIP: netip.MustParseAddr("127.0.0.1"), Proto: "tcp", DPort: 8080, Action: DNAT, ToAddr: netip.MustParseAddr("10.88.0.2"), ToPort: 80},
			`prerouting ip daddr 127.0.0.1 tcp dport 8080 dnat to 10.88.0.2:80 comment "tent:ctr:abc"`},
		{Rule{Chain: Output, DstLocal: true, Proto: "udp", DPort: 53, Action: DNAT, ToAddr: netip.MustParseAddr("10.88.0.3"), ToPort: 53},
			`output fib daddr type local udp dport 53 dnat to 10.88.0.3:53`},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

func TestElemString(t *testing.T) {
	es := PortElems("abc", netip.MustParseAddr("10.88.0.2"), []Port{{HostIP: "127.0.0.1", HostPort: 8080, Proto: "tcp", CtrPort: 80}, {HostPort: 53, Proto: "udp", CtrPort: 5353}})
	for i, want := range []string{
		`ports_ip 127.0.0.1 . tcp . 8080 : 10.88.0.2 . 80 comment "tent:ctr:abc"`,
		`ports udp . 53 : 10.88.0.2 . 5353 comment "tent:ctr:abc"`,
	} {
		if got := es[i].String(); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}
