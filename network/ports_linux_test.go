package network

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	vnetns "github.com/vishvananda/netns"

	"github.com/tent-dev/tent/internal/randid"
	"github.com/tent-dev/tent/network/netns"
)

// serveHTTP runs busybox httpd on port 80 inside the netns, serving "hello <tag>".
func serveHTTP(t *testing.T, a *Attachment, tag string) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("hello "+tag), 0o644)
	cmd := inNetns(a.NetnsPath, "httpd", "-f", "-p", "80", "-h", dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 100; i++ {
		if c, err := net.DialTimeout("tcp", a.IP+":80", 100*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("httpd in %s not listening", a.IP)
}

func get(t *testing.T, url string) string {
	t.Helper()
	c := http.Client{Timeout: 3 * time.Second}
	r, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

// remoteHost makes a netns "remote host" on its own veth and /24, reachable
// from the host at hostIP; it returns the netns path.
func remoteHost(t *testing.T, hostIP, remoteIP string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "remote")
	if err := netns.New(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { netns.Remove(path) })
	ns, err := vnetns.GetFromPath(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Close()
	suffix, _ := randid.Hex(3)
	name := "trm" + suffix
	v := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: name}, PeerName: "eth0", PeerNamespace: netlink.NsFd(int(ns))}
	if err := netlink.LinkAdd(v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { netlink.LinkDel(v) })
	addr, _ := netlink.ParseAddr(hostIP + "/24")
	if err := netlink.AddrAdd(v, addr); err != nil {
		t.Fatal(err)
	}
	netlink.LinkSetUp(v)
	run(t, "nsenter", "--net="+path, "ip", "addr", "add", remoteIP+"/24", "dev", "eth0")
	run(t, "nsenter", "--net="+path, "ip", "link", "set", "eth0", "up")
	// Nothing of the test may leave through the uplink: the route must be our link.
	if out := run(t, "ip", "route", "get", remoteIP); !strings.Contains(out, "dev "+name) {
		t.Fatalf("route to %s not on %s: %s", remoteIP, name, out)
	}
	return path
}

// getFrom does GET / to addr from a socket made inside the netns at nsPath.
func getFrom(t *testing.T, nsPath, addr string) string {
	t.Helper()
	var c net.Conn
	err := netns.Do(nsPath, func() (err error) {
		c, err = net.DialTimeout("tcp", addr, 3*time.Second)
		return err
	})
	if err != nil {
		t.Fatalf("dial %s from %s: %v", addr, nsPath, err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	fmt.Fprintf(c, "GET / HTTP/1.0\r\n\r\n")
	b, _ := io.ReadAll(c)
	return string(b)
}

func TestPublishedPortReachable(t *testing.T) {
	m := testManager(t)
	a := attach(t, m, AttachOpts{ContainerID: "web1", Ports: []PortMapping{{HostPort: 18930, ContainerPort: 80, Proto: "tcp"}, {ContainerPort: 80, Proto: "tcp"}}})
	serveHTTP(t, a, "web1")
	rnd := a.Ports[1].HostPort
	if rnd == 0 || rnd == 18930 {
		t.Fatalf("random host port %d", rnd)
	}
	for _, url := range []string{
		"http://" + a.IP + ":80/",
		"http://127.0.0.1:18930/",
		fmt.Sprintf("http://127.0.0.1:%d/", rnd),
		"http://" + a.Gateway + ":18930/",
	} {
		if got := get(t, url); got != "hello web1" {
			t.Fatalf("GET %s = %q", url, got)
		}
	}
	// Another container, and the container itself (hairpin), through the host's address.
	client := attach(t, m, AttachOpts{ContainerID: "client1"})
	for _, from := range []string{client.NetnsPath, a.NetnsPath} {
		if got := getFrom(t, from, a.Gateway+":18930"); !strings.HasSuffix(got, "hello web1") {
			t.Fatalf("GET gateway:18930 from %s: %q", from, got)
		}
	}
	remote := remoteHost(t, "10.201.77.1", "10.201.77.2")
	if got := getFrom(t, remote, "10.201.77.1:18930"); !strings.HasSuffix(got, "hello web1") {
		t.Fatalf("remote GET: %q", got)
	}
	// The container reaches the remote host through the masquerade (as the host's address).
	out, err := inNetns(a.NetnsPath, "ping", "-c1", "-W2", "10.201.77.2").CombinedOutput()
	if err != nil {
		t.Fatalf("container → remote: %v\n%s", err, out)
	}
	if err := m.Detach("web1"); err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:18930", 300*time.Millisecond); err == nil {
		c.Close()
		t.Fatal("port still forwarded after detach")
	}
}

func TestPortConflicts(t *testing.T) {
	m := testManager(t)
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := uint16(ln.Addr().(*net.TCPAddr).Port)
	attach(t, m, AttachOpts{ContainerID: "holder", Ports: []PortMapping{{HostPort: 18932, ContainerPort: 80, Proto: "tcp"}}})
	n, err := m.loadNetwork(DefaultNetwork)
	if err != nil {
		t.Fatal(err)
	}
	// Only this test's bridge: other tests on the host make links too.
	links := linkNames(t, n.Bridge)
	tests := []struct {
		name string
		p    PortMapping
		want string
	}{
		{"host socket", PortMapping{HostPort: busy, ContainerPort: 80, Proto: "tcp"}, "address already in use"},
		{"other container", PortMapping{HostPort: 18932, ContainerPort: 81, Proto: "tcp"}, "port is already allocated"},
		{"other container, one address", PortMapping{HostIP: "127.0.0.1", HostPort: 18932, ContainerPort: 81, Proto: "tcp"}, "port is already allocated"},
		{"address not on host", PortMapping{HostIP: "10.254.254.254", HostPort: 18933, ContainerPort: 81, Proto: "tcp"}, "check host port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := m.Attach(context.Background(), AttachOpts{ContainerID: "loser", Ports: []PortMapping{tt.p}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(m.netnsPath("loser")); !os.IsNotExist(err) {
				t.Fatal("netns left after failed attach")
			}
			if _, err := m.Lookup("loser"); err == nil {
				t.Fatal("lease left after failed attach")
			}
		})
	}
	if got := linkNames(t, n.Bridge); got != links {
		t.Fatalf("links changed by failed attaches:\n%s\nvs\n%s", got, links)
	}
	// udp on the same number is a different port.
	attach(t, m, AttachOpts{ContainerID: "udp1", Ports: []PortMapping{{HostPort: 18932, ContainerPort: 53, Proto: "udp"}}})
}

func TestPublishedUDP(t *testing.T) {
	m := testManager(t)
	a := attach(t, m, AttachOpts{ContainerID: "udp1", Ports: []PortMapping{{ContainerPort: 53, Proto: "udp"}}})
	var pc net.PacketConn
	if err := netns.Do(a.NetnsPath, func() (err error) { pc, err = net.ListenPacket("udp4", ":53"); return err }); err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	go func() { // echo
		buf := make([]byte, 512)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			pc.WriteTo(buf[:n], from)
		}
	}()
	c, err := net.Dial("udp4", fmt.Sprintf("127.0.0.1:%d", a.Ports[0].HostPort))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	c.Write([]byte("ping"))
	buf := make([]byte, 16)
	if n, err := c.Read(buf); err != nil || string(buf[:n]) != "ping" {
		t.Fatalf("udp echo through 127.0.0.1:%d: %q %v", a.Ports[0].HostPort, buf[:n], err)
	}
}
