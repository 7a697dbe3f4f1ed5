package network

import (
	"strings"
	"testing"
)

// Containers on different networks cannot talk directly (as with Docker),
// but a published port is reachable from anywhere.
func TestNetworksIsolatedButPublishedPortsReachable(t *testing.T) {
	m := testManager(t)
	if _, err := m.CreateNetwork("iso", ""); err != nil {
		t.Fatal(err)
	}
	web := attach(t, m, AttachOpts{ContainerID: "isoweb", Ports: []PortMapping{{HostPort: 18935, ContainerPort: 80, Proto: "tcp"}}})
	other := attach(t, m, AttachOpts{ContainerID: "isoother", Network: "iso"})
	if out, err := inNetns(other.NetnsPath, "ping", "-c1", "-W1", web.IP).CombinedOutput(); err == nil {
		t.Fatalf("a container on another network reached %s directly:\n%s", web.IP, out)
	}
	serveHTTP(t, web, "web")
	if got := getFrom(t, other.NetnsPath, other.Gateway+":18935"); !strings.HasSuffix(got, "hello web") {
		t.Fatalf("published port from another network: %q", got)
	}
}
