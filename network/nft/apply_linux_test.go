package nft

import (
	"net/netip"
	"os/exec"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestAddDelete(t *testing.T) {
	testutil.RequireRoot(t)
	owner := CtrOwner("nfttest" + strings.Repeat("0", 4))
	rules := PortRules("nfttest0000", netip.MustParseAddr("10.250.0.2"), []Port{{HostPort: 18080, Proto: "tcp", CtrPort: 80}, {HostIP: "127.0.0.1", HostPort: 18053, Proto: "udp", CtrPort: 53}})
	rules = append(rules, Rule{Chain: Postrouting, Owner: owner, SrcNet: netip.MustParsePrefix("10.250.0.0/16"), OifName: "tnfttest", OifNot: true, Action: Masquerade},
		Rule{Chain: Postrouting, Owner: owner, SrcNet: netip.MustParsePrefix("10.250.0.0/16"), OifName: "tnfttest", CtDNAT: true, Action: Masquerade},
		Rule{Chain: Raw, Owner: owner, IifName: "tnfttest", DstNet: netip.MustParsePrefix("127.0.0.0/8"), Action: Drop},
		Rule{Chain: Forward, Owner: owner, IifName: "tnfttest", OifName: "tnfttest", OifNot: true, OifGlob: "tent", NotDNAT: true, Action: Drop})
	if err := Add(rules); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Delete(owner) })
	out, err := exec.Command("nft", "list", "table", "ip", "tent").CombinedOutput()
	if err != nil {
		t.Fatalf("nft list: %v %s", err, out)
	}
	for _, want := range []string{
		"fib daddr type local tcp dport 18080 dnat to 10.250.0.2:80",
		"ip daddr 127.0.0.1 udp dport 18053 dnat to 10.250.0.2:53",
		`ip saddr 10.250.0.0/16 oifname != "tnfttest" masquerade`,
		`comment "tent:ctr:nfttest0000"`,
		`ip saddr 10.250.0.0/16 ct status dnat oifname "tnfttest" masquerade`,
		`ip daddr 127.0.0.0/8 iifname "tnfttest" drop`,
		`iifname "tnfttest" ct status ! dnat oifname "tent*" oifname != "tnfttest" drop`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ruleset lacks %q:\n%s", want, out)
		}
	}
	if n, err := Count(owner); n != len(rules) || err != nil {
		t.Fatalf("Count = %v, %v; want %d", n, err, len(rules))
	}
	if err := Delete(owner); err != nil {
		t.Fatal(err)
	}
	out, _ = exec.Command("nft", "list", "table", "ip", "tent").CombinedOutput()
	if strings.Contains(string(out), owner) {
		t.Fatalf("rules left after Delete:\n%s", out)
	}
	if err := Delete(owner); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
}
