package network

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// snapshot is what must be the same before and after many attach/detach
// cycles, limited to what this test's manager owns (other tests on the
// host make links, rules and mounts of their own): links on its bridge,
// tent's nft rules, mounts under its state dir.
func snapshot(t testing.TB, m *Manager) string {
	t.Helper()
	n, err := m.loadNetwork(DefaultNetwork)
	if err != nil {
		t.Fatal(err)
	}
	links := linkNames(t, n.Bridge)
	var rules, mounts []string
	for _, l := range strings.Split(run(t, "nft", "list", "table", "ip", "tent"), "\n") {
		if strings.Contains(l, "tent:net:"+n.Bridge) || strings.Contains(l, "tent:ctr:cycle") {
			rules = append(rules, strings.TrimSpace(l))
		}
	}
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	for _, l := range strings.Split(string(mi), "\n") {
		if strings.Contains(l, m.state) {
			mounts = append(mounts, l)
		}
	}
	return links + "\n--\n" + strings.Join(rules, "\n") + "\n--\n" + strings.Join(mounts, "\n")
}

func TestAttachDetach100NoLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	m := testManager(t)
	// Make the bridge and network rules first: they stay by design.
	attach(t, m, AttachOpts{ContainerID: "warm"})
	if err := m.Detach("warm"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	before := snapshot(t, m)
	for i := 0; i < 100; i++ {
		id := fmt.Sprintf("cycle%03d", i)
		o := AttachOpts{ContainerID: id, Ports: []PortMapping{{HostPort: 18940, ContainerPort: 80, Proto: "tcp"}, {ContainerPort: 53, Proto: "udp"}}}
		if _, err := m.Attach(context.Background(), o); err != nil {
			t.Fatalf("cycle %d: %v", i, err)
		}
		if err := m.Detach(id); err != nil {
			t.Fatalf("cycle %d: %v", i, err)
		}
	}
	var after string
	for i := 0; i < 300; i++ { // the kernel destroys netns and veths asynchronously
		if after = snapshot(t, m); after == before {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if after != before {
		t.Fatalf("state changed:\nBEFORE\n%s\nAFTER\n%s", before, after)
	}
	if ls, _ := m.leases(); len(ls) != 0 {
		t.Fatalf("%d leases left", len(ls))
	}
}
