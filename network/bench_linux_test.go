package network

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkAttach is the cost of Attach on the bridge network (what a
// container start pays if nothing runs in parallel with it), with `live`
// other containers attached (Attach reads every lease).
func BenchmarkAttach(b *testing.B) {
	for _, live := range []int{0, 30} {
		b.Run(fmt.Sprintf("live=%d", live), func(b *testing.B) {
			m := testManager(b)
			for i := 0; i < live; i++ {
				attach(b, m, AttachOpts{ContainerID: fmt.Sprintf("live%03d", i)})
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				id := fmt.Sprintf("ba%06d", i)
				if _, err := m.Attach(context.Background(), AttachOpts{ContainerID: id}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				m.Detach(id)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkDetach is the cost of Detach (what run --rm's return pays).
func BenchmarkDetach(b *testing.B) {
	m := testManager(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id := fmt.Sprintf("bd%06d", i)
		if _, err := m.Attach(context.Background(), AttachOpts{ContainerID: id}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := m.Detach(id); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	time.Sleep(100 * time.Millisecond)
}

// BenchmarkAttachNone is the floor: a netns with lo up.
func BenchmarkAttachNone(b *testing.B) {
	m := testManager(b)
	for i := 0; i < b.N; i++ {
		id := fmt.Sprintf("bn%06d", i)
		if _, err := m.Attach(context.Background(), AttachOpts{ContainerID: id, Network: NoneNetwork}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		m.Detach(id)
		b.StartTimer()
	}
}

// BenchmarkDetachWithPorts is Detach of a container with a published port:
// its DNAT rules are deleted (the kernel frees them after an RCU grace
// period, which a close of the netlink socket would wait for).
func BenchmarkDetachWithPorts(b *testing.B) {
	m := testManager(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id := fmt.Sprintf("bp%06d", i)
		o := AttachOpts{ContainerID: id, Ports: []PortMapping{{ContainerPort: 80, Proto: "tcp"}}}
		if _, err := m.Attach(context.Background(), o); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := m.Detach(id); err != nil {
			b.Fatal(err)
		}
	}
}
