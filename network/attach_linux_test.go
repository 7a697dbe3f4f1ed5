package network

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tent-dev/tent/network/netns"
)

func TestAttachPingDetach(t *testing.T) {
	m := testManager(t)
	a1 := attach(t, m, AttachOpts{ContainerID: "c1aaaaaaaaaaaaaa", Name: "one"})
	a2 := attach(t, m, AttachOpts{ContainerID: "c2aaaaaaaaaaaaaa", Name: "two"})
	if _, err := m.Attach(context.Background(), AttachOpts{ContainerID: "c1aaaaaaaaaaaaaa"}); err == nil {
		t.Fatal("second attach of one container succeeded")
	}
	if !netns.IsNetns(a1.NetnsPath) {
		t.Fatal("second attach destroyed the first's netns")
	}
	if ids, err := m.Attached(); err != nil || len(ids) != 2 || ids[0] != "c1aaaaaaaaaaaaaa" {
		t.Fatalf("Attached = %v, %v", ids, err)
	}
	if a1.IP == a2.IP || a1.Gateway != "10.123.0.1" || a1.PrefixLen != 16 || a1.IfName != "eth0" {
		t.Fatalf("attachments %+v %+v", a1, a2)
	}
	if out, err := inNetns(a1.NetnsPath, "ping", "-c1", "-W2", a2.IP).CombinedOutput(); err != nil {
		t.Fatalf("ping %s from one: %v\n%s", a2.IP, err, out)
	}
	if out, err := inNetns(a2.NetnsPath, "ping", "-c1", "-W2", a1.Gateway).CombinedOutput(); err != nil {
		t.Fatalf("ping gateway from two: %v\n%s", err, out)
	}
	out, _ := inNetns(a1.NetnsPath, "ip", "-o", "addr").CombinedOutput()
	if !strings.Contains(string(out), a1.IP+"/16") || !strings.Contains(string(out), "lo") {
		t.Fatalf("addresses inside: %s", out)
	}
	out, _ = inNetns(a1.NetnsPath, "ip", "link").CombinedOutput()
	if !strings.Contains(string(out), strings.ToLower(a1.MAC)) {
		t.Fatalf("MAC %s not in %s", a1.MAC, out)
	}
	for _, a := range []*Attachment{a1, a2} {
		id := map[string]string{a1.IP: "c1aaaaaaaaaaaaaa", a2.IP: "c2aaaaaaaaaaaaaa"}[a.IP]
		if err := m.Detach(id); err != nil {
			t.Fatal(err)
		}
		if err := m.Detach(id); err != nil {
			t.Fatalf("second detach: %v", err)
		}
		if _, err := os.Stat(a.NetnsPath); !os.IsNotExist(err) {
			t.Fatalf("netns file left: %v", err)
		}
		if _, err := m.Lookup(id); err == nil {
			t.Fatal("lease left")
		}
		waitGone(t, a.HostVeth)
	}
}

func TestConcurrentAttachDistinct(t *testing.T) {
	m := testManager(t)
	const n = 30
	var wg sync.WaitGroup
	ips := make([]string, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// A Manager per goroutine, like 30 CLI processes: only the flock serializes them.
			mi, _ := New(m.root, m.state, func(o *options) { *o = m.opts })
			a, err := mi.Attach(context.Background(), AttachOpts{ContainerID: fmt.Sprintf("conc%02d", i)})
			errs[i] = err
			if a != nil {
				ips[i] = a.IP
			}
		}(i)
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		t.Cleanup(func() { m.Detach(fmt.Sprintf("conc%02d", i)) })
		if errs[i] != nil {
			t.Fatalf("attach %d: %v", i, errs[i])
		}
		if seen[ips[i]] {
			t.Fatalf("address %s given twice", ips[i])
		}
		seen[ips[i]] = true
	}
	for i := 0; i < n; i++ {
		if err := m.Detach(fmt.Sprintf("conc%02d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if ls, _ := m.leases(); len(ls) != 0 {
		t.Fatalf("%d leases left", len(ls))
	}
}

func TestGCFreesLeaseOfVanishedNetns(t *testing.T) {
	m := testManager(t)
	a := attach(t, m, AttachOpts{ContainerID: "gc1", Ports: []PortMapping{{HostPort: 18931, ContainerPort: 80, Proto: "tcp"}}})
	// The CLI died and the netns file vanished (reboot emptied /run).
	if err := netns.Remove(a.NetnsPath); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * leaseGrace)
	os.Chtimes(m.leasePath("gc1"), old, old)
	b := attach(t, m, AttachOpts{ContainerID: "gc2", Ports: []PortMapping{{HostPort: 18931, ContainerPort: 80, Proto: "tcp"}}})
	if b.Ports[0].HostPort != 18931 {
		t.Fatalf("port not reusable: %+v", b.Ports)
	}
	if _, err := m.Lookup("gc1"); err == nil {
		t.Fatal("stale lease kept")
	}
}

func TestNoneAndHost(t *testing.T) {
	m := testManager(t)
	a := attach(t, m, AttachOpts{ContainerID: "none1", Network: "none"})
	if a.NetnsPath == "" || a.IP != "" {
		t.Fatalf("none: %+v", a)
	}
	out, _ := inNetns(a.NetnsPath, "ip", "-o", "link").CombinedOutput()
	if strings.Count(string(out), "\n") != 1 || !strings.Contains(string(out), "lo: <LOOPBACK,UP") {
		t.Fatalf("none netns links: %s", out)
	}
	h := attach(t, m, AttachOpts{ContainerID: "host1", Network: "host"})
	if h.NetnsPath != "" {
		t.Fatalf("host: %+v", h)
	}
	if err := m.Detach("none1"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a.NetnsPath); !os.IsNotExist(err) {
		t.Fatal("none netns left")
	}
}

func TestContainerNetwork(t *testing.T) {
	m := testManager(t)
	a := attach(t, m, AttachOpts{ContainerID: "owner1", Name: "web"})
	b := attach(t, m, AttachOpts{ContainerID: "joiner", Network: "container:web"})
	if b.NetnsPath != a.NetnsPath || b.IP != a.IP {
		t.Fatalf("joined %+v, owner %+v", b, a)
	}
	if err := m.Detach("joiner"); err != nil {
		t.Fatal(err)
	}
	if !netns.IsNetns(a.NetnsPath) {
		t.Fatal("detaching the joiner removed the owner's netns")
	}
}

func TestFailedHalfWayLeavesNothing(t *testing.T) {
	m := testManager(t)
	attach(t, m, AttachOpts{ContainerID: "first"}) // the bridge exists
	n, _ := m.loadNetwork(DefaultNetwork)
	links := linkNames(t, n.Bridge)
	afterVeth = func() error { return fmt.Errorf("injected failure") }
	defer func() { afterVeth = func() error { return nil } }()
	o := AttachOpts{ContainerID: "halfway", Ports: []PortMapping{{HostPort: 18934, ContainerPort: 80, Proto: "tcp"}}}
	if _, err := m.Attach(context.Background(), o); err == nil || !strings.Contains(err.Error(), "injected") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(m.netnsPath("halfway")); !os.IsNotExist(err) {
		t.Fatal("netns left")
	}
	if _, err := m.Lookup("halfway"); err == nil {
		t.Fatal("lease left")
	}
	for i := 0; i < 200 && linkNames(t, n.Bridge) != links; i++ {
		time.Sleep(10 * time.Millisecond) // the kernel destroys the veth with the netns
	}
	if got := linkNames(t, n.Bridge); got != links {
		t.Fatalf("links on the bridge: %s, want %s", got, links)
	}
	afterVeth = func() error { return nil }
	attach(t, m, o) // the port and address are free again
}
