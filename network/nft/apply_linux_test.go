package nft

import (
	"net/netip"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestAddDelete(t *testing.T) {
	testutil.RequireRoot(t)
	owner := CtrOwner("nfttest0000")
	rules := []Rule{
		{Chain: Prerouting, Owner: owner, DstLocal: true, Proto: "tcp", DPort: 18080, Action: DNAT, ToAddr: netip.MustParseAddr("10.250.0.2"), ToPort: 80},
		{Chain: Output, Owner: owner, DstIP: netip.MustParseAddr("127.0.0.1"), Proto: "udp", DPort: 18053, Action: DNAT, ToAddr: netip.MustParseAddr("10.250.0.2"), ToPort: 53},
		{Chain: Postrouting, Owner: owner, SrcNet: netip.MustParsePrefix("10.250.0.0/16"), OifName: "tnfttest", OifNot: true, Action: Masquerade},
		{Chain: Postrouting, Owner: owner, SrcNet: netip.MustParsePrefix("10.250.0.0/16"), OifName: "tnfttest", CtDNAT: true, Action: Masquerade},
		{Chain: Raw, Owner: owner, IifName: "tnfttest", DstNet: netip.MustParsePrefix("127.0.0.0/8"), Action: Drop},
		{Chain: Forward, Owner: owner, IifName: "tnfttest", OifName: "tnfttest", OifNot: true, OifGlob: "tent", NotDNAT: true, Action: Drop},
	}
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

func TestPorts(t *testing.T) {
	testutil.RequireRoot(t)
	ip := netip.MustParseAddr("10.250.0.2")
	es := PortElems("nfttest0001", ip, []Port{{HostPort: 18081, Proto: "tcp", CtrPort: 80}, {HostIP: "127.0.0.1", HostPort: 18054, Proto: "udp", CtrPort: 53}})
	c, err := NewConn()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Cleanup(func() { c.Delete(es[0].Owner) })
	if err := c.AddPorts(es); err != nil {
		t.Fatal(err)
	}
	out := nftList(t)
	for _, want := range []string{
		`tcp . 18081 comment "tent:ctr:nfttest0001" : 10.250.0.2 . 80`,
		`127.0.0.1 . udp . 18054 comment "tent:ctr:nfttest0001" : 10.250.0.2 . 53`,
		"fib daddr type local dnat ip to meta l4proto . th dport map @ports",
		"dnat ip to ip daddr . meta l4proto . th dport map @ports_ip",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ruleset lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, `comment "tent:ports"`); n != 4 {
		t.Errorf("%d map lookup rules, want 4:\n%s", n, out)
	}
	if err := c.Delete("tent:ctr:nfttest-none"); err != nil || c.Deleted() {
		t.Fatalf("Delete of an owner with nothing: %v, Deleted %v; want nil, false", err, c.Deleted())
	}
	if err := c.DeletePorts(es); err != nil {
		t.Fatal(err)
	}
	if !c.Deleted() {
		t.Error("Deleted is false after DeletePorts")
	}
	if out := nftList(t); strings.Contains(out, es[0].Owner) {
		t.Fatalf("elements left after DeletePorts:\n%s", out)
	}
	// Gone already: the fallback deletes by owner and finds nothing.
	if err := c.DeletePorts(es); err != nil {
		t.Fatalf("second DeletePorts: %v", err)
	}
	if err := c.AddPorts(es[:1]); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(es[0].Owner); err != nil {
		t.Fatal(err)
	}
	if out := nftList(t); strings.Contains(out, es[0].Owner) {
		t.Fatalf("elements left after Delete:\n%s", out)
	}
}

func nftList(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("nft", "list", "table", "ip", "tent").CombinedOutput()
	if err != nil {
		t.Fatalf("nft list: %v %s", err, out)
	}
	return string(out)
}

// TestConnFile: File is a copy of the connection's own netlink socket,
// open after the connection is closed (what a holder keeps: runtime.Linger).
func TestConnFile(t *testing.T) {
	c, err := NewConn()
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.File()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct{ opt, want int }{{unix.SO_DOMAIN, unix.AF_NETLINK}, {unix.SO_PROTOCOL, unix.NETLINK_NETFILTER}} {
		if got, err := unix.GetsockoptInt(int(f.Fd()), unix.SOL_SOCKET, o.opt); err != nil || got != o.want {
			t.Errorf("getsockopt %d: %d, %v; want %d", o.opt, got, err, o.want)
		}
	}
}
