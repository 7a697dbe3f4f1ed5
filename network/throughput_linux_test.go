package network

import (
	"io"
	"net"
	"testing"

	"github.com/tent-dev/tent/network/netns"
)

// sink listens on :80 inside the netns (the socket is made there; the
// goroutines serving it may run on any thread) and discards what it reads.
func sink(b *testing.B, nsPath string) {
	b.Helper()
	var l net.Listener
	err := netns.Do(nsPath, func() (err error) {
		l, err = net.Listen("tcp4", ":80")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(io.Discard, c); c.Close() }()
		}
	}()
}

// throughput sends 16 MiB per op over one TCP connection to addr.
func throughput(b *testing.B, addr string) {
	c, err := net.Dial("tcp4", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, 1<<20)
	b.SetBytes(16 << 20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < 16; j++ {
			if _, err := c.Write(buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkThroughput compares host → container TCP throughput directly to
// the container's address and through a published port at 127.0.0.1
// (output DNAT + route_localnet + masquerade) and at the gateway address.
func BenchmarkThroughput(b *testing.B) {
	m := testManager(b)
	a := attach(b, m, AttachOpts{ContainerID: "tput", Ports: []PortMapping{{HostPort: 18950, ContainerPort: 80, Proto: "tcp"}}})
	sink(b, a.NetnsPath)
	b.Run("direct", func(b *testing.B) { throughput(b, a.IP+":80") })
	b.Run("published-127.0.0.1", func(b *testing.B) { throughput(b, "127.0.0.1:18950") })
	b.Run("published-gateway", func(b *testing.B) { throughput(b, a.Gateway+":18950") })
}
