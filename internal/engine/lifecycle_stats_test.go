package engine

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
	"github.com/tent-dev/tent/runtime"
)

func TestStats(t *testing.T) {
	env := newTestEnv(t)
	a := liveContainer(t, env, RunOptions{Name: "a"})
	b := liveContainer(t, env, RunOptions{Name: "b"})
	liveContainer(t, env, RunOptions{Name: "gone"}) // running, but its cgroup is gone
	stopped := liveContainer(t, env, RunOptions{Name: "stopped"})
	env.setStatus(stopped.ID, container.StatusExited, 0)
	for i, id := range []string{a.ID, b.ID, stopped.ID} {
		env.rt.stats[id] = &runtime.Stats{CPUUsageNanos: uint64(i + 1), MemoryUsage: 1 << 20, Pids: 2}
	}
	names := func(s []StatSample) []string {
		var out []string
		for _, x := range s {
			out = append(out, x.Name)
			if x.At.IsZero() || x.Stats.MemoryUsage != 1<<20 || x.ID == "" {
				t.Errorf("sample %+v", x)
			}
		}
		return out
	}
	for _, tc := range []struct {
		refs []string
		want []string
	}{
		{nil, []string{"b", "a"}}, // every running one, newest first
		{[]string{"a", "stopped", "gone", "nope"}, []string{"a"}},
		{[]string{"b", "a"}, []string{"b", "a"}},
	} {
		if got := names(env.e.Stats(tc.refs)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("stats %q: %q, want %q", tc.refs, got, tc.want)
		}
	}
}

// TestTop lists the container's cgroup's processes from /proc: here the
// sleeper that stands for the init.
func TestTop(t *testing.T) {
	env := newTestEnv(t)
	rec := liveContainer(t, env, RunOptions{})
	if _, err := env.e.Top(rec.ID); err == nil {
		t.Error("top without the cgroup's pids")
	}
	env.rt.pids = []int{rec.State.Pid, 1 << 30} // the second is gone
	rows, err := env.e.Top(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].PID != rec.State.Pid || rows[0].Cmd != "sleep 60" || rows[0].User == "" || rows[0].CPU < 0 {
		t.Errorf("top %+v", rows)
	}
	env.setStatus(rec.ID, container.StatusExited, 0)
	if _, err := env.e.Top(rec.ID); !errors.Is(err, ErrNotRunning) {
		t.Errorf("top of a stopped container: %v", err)
	}
}

func TestTopUser(t *testing.T) {
	passwd := []byte("root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
	for _, tc := range []struct{ status, want string }{
		{"Name:\tx\nUid:\t1000\t1000\t1000\t1000\n", "app"},
		{"Uid:\t0\t0\t0\t0\n", "root"},
		{"Uid:\t42\t42\t42\t42\n", "42"},
		{"", "?"},
	} {
		if got := userName(statusUID([]byte(tc.status)), passwd); got != tc.want {
			t.Errorf("user of %q: %q, want %q", tc.status, got, tc.want)
		}
	}
}

func TestPorts(t *testing.T) {
	env := newTestEnv(t)
	ports := []network.PortMapping{{HostIP: "127.0.0.1", HostPort: 8080, ContainerPort: 80, Proto: "tcp"}}
	rec := liveContainer(t, env, RunOptions{Name: "web"})
	// No attachment in the record yet: the network's lease answers.
	env.nw.attached[rec.ID] = &network.Attachment{Ports: ports[:1]}
	id, got, err := env.e.Ports("web")
	if err != nil || id != rec.ID || !reflect.DeepEqual(got, ports) {
		t.Errorf("ports from the lease: %s %+v %v", id, got, err)
	}
	delete(env.nw.attached, rec.ID)
	if _, got, err := env.e.Ports("web"); err != nil || got != nil {
		t.Errorf("no ports: %+v %v", got, err)
	}
	att, _ := json.Marshal(network.Attachment{Ports: ports})
	_ = env.e.Containers.Update(rec.ID, func(r *container.Record) error { r.Network = att; return nil })
	if _, got, err := env.e.Ports("web"); err != nil || !reflect.DeepEqual(got, ports) {
		t.Errorf("ports from the record: %+v %v", got, err)
	}
	_ = env.e.Containers.Update(rec.ID, func(r *container.Record) error { r.Network = []byte("{"); return nil })
	if _, _, err := env.e.Ports("web"); err == nil {
		t.Error("a broken network record is not an error")
	}
	if _, _, err := env.e.Ports("nope"); !errors.Is(err, container.ErrNotFound) {
		t.Errorf("ports of nope: %v", err)
	}
}
