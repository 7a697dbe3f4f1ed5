package nft

import (
	"net/netip"
	"testing"
)

func TestPortRules(t *testing.T) {
	ip := netip.MustParseAddr("10.88.0.2")
	tests := []struct {
		name  string
		ports []Port
		want  []Rule
	}{
		{"none", nil, nil},
		{"all addresses", []Port{{HostPort: 8080, Proto: "tcp", CtrPort: 80}}, []Rule{
			{Chain: Prerouting, Owner: "tent:ctr:c1", DstLocal: true, Proto: "tcp", DPort: 8080, Action: DNAT, ToAddr: ip, ToPort: 80},
			{Chain: Output, Owner: "tent:ctr:c1", DstLocal: true, Proto: "tcp", DPort: 8080, Action: DNAT, ToAddr: ip, ToPort: 80},
		}},
		{"one address udp", []Port{{HostIP: "127.0.0.1", HostPort: 53, Proto: "udp", CtrPort: 53}}, []Rule{
			{Chain: Prerouting, Owner: "tent:ctr:c1", DstIP: netip.MustParseAddr("127.0.0.1"), Proto: "udp", DPort: 53, Action: DNAT, ToAddr: ip, ToPort: 53},
			{Chain: Output, Owner: "tent:ctr:c1", DstIP: netip.MustParseAddr("127.0.0.1"), Proto: "udp", DPort: 53, Action: DNAT, ToAddr: ip, ToPort: 53},
		}},
		{"0.0.0.0 is every address", []Port{{HostIP: "0.0.0.0", HostPort: 1, Proto: "tcp", CtrPort: 2}}, []Rule{
			{Chain: Prerouting, Owner: "tent:ctr:c1", DstLocal: true, Proto: "tcp", DPort: 1, Action: DNAT, ToAddr: ip, ToPort: 2},
			{Chain: Output, Owner: "tent:ctr:c1", DstLocal: true, Proto: "tcp", DPort: 1, Action: DNAT, ToAddr: ip, ToPort: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PortRules("c1", ip, tt.ports)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d rules, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("rule %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestNetworkRules(t *testing.T) {
	got := NetworkRules("tent0", netip.MustParsePrefix("10.88.0.0/16"))
	if len(got) != 5 || got[0].Action != Drop || got[1].Chain != Forward || !got[2].OifNot || got[3].OifNot || !got[4].CtDNAT || got[0].Owner != "tent:net:tent0" {
		t.Fatalf("unexpected rules %+v", got)
	}
}
