package network

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"
)

// snapshot is what must be the same before and after many attach/detach cycles.
func snapshot(t testing.TB) string {
	t.Helper()
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	links := regexp.MustCompile(`(?m)^\d+: `).ReplaceAllString(run(t, "ip", "-o", "link"), "")
	links = regexp.MustCompile(`\\.*`).ReplaceAllString(links, "") // drop per-link details
	return links + "\n--\n" + run(t, "nft", "list", "ruleset") + "\n--\n" + string(mi)
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
	before := snapshot(t)
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
		if after = snapshot(t); after == before {
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
