package nft

import (
	"net/netip"
	"testing"
)

func TestPortElems(t *testing.T) {
	ip := netip.MustParseAddr("10.88.0.2")
	tests := []struct {
		name  string
		ports []Port
		want  []Elem
	}{
		{"none", nil, nil},
		{"all addresses", []Port{{HostPort: 8080, Proto: "tcp", CtrPort: 80}}, []Elem{
			{Map: MapAny, Proto: "tcp", HostPort: 8080, ToAddr: ip, ToPort: 80, Owner: "tent:ctr:c1"},
		}},
		{"one address udp", []Port{{HostIP: "127.0.0.1", HostPort: 53, Proto: "udp", CtrPort: 53}}, []Elem{
			{Map: MapIP, HostIP: netip.MustParseAddr("127.0.0.1"), Proto: "udp", HostPort: 53, ToAddr: ip, ToPort: 53, Owner: "tent:ctr:c1"},
		}},
		{"0.0.0.0 is every address", []Port{{HostIP: "0.0.0.0", HostPort: 1, Proto: "tcp", CtrPort: 2}}, []Elem{
			{Map: MapAny, Proto: "tcp", HostPort: 1, ToAddr: ip, ToPort: 2, Owner: "tent:ctr:c1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PortElems("c1", ip, tt.ports)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d elements, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("element %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestPortMapRules(t *testing.T) {
	got := PortMapRules()
	want := []string{
		`prerouting dnat to ip daddr . meta l4proto . th dport map @ports_ip comment "tent:ports"`,
		`prerouting fib daddr type local dnat to meta l4proto . th dport map @ports comment "tent:ports"`,
		`output dnat to ip daddr . meta l4proto . th dport map @ports_ip comment "tent:ports"`,
		`output fib daddr type local dnat to meta l4proto . th dport map @ports comment "tent:ports"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rules: %v", len(got), got)
	}
	for i := range got {
		if got[i].String() != want[i] {
			t.Errorf("rule %d = %s, want %s", i, got[i], want[i])
		}
	}
}

func TestNetworkRules(t *testing.T) {
	got := NetworkRules("tent0", netip.MustParsePrefix("10.88.0.0/16"))
	if len(got) != 5 || got[0].Action != Drop || got[1].Chain != Forward || !got[2].OifNot || got[3].OifNot || !got[4].CtDNAT || got[0].Owner != "tent:net:tent0" {
		t.Fatalf("unexpected rules %+v", got)
	}
}
