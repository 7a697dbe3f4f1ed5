package engine

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestSummary(t *testing.T) {
	ports := []network.PortMapping{
		{HostIP: "0.0.0.0", HostPort: 8080, ContainerPort: 80, Proto: "tcp"},
		{HostPort: 5353, ContainerPort: 53, Proto: "udp"},
	}
	att, _ := json.Marshal(network.Attachment{Ports: ports})
	id := strings.Repeat("ab", 32)
	rec := &container.Record{
		ID: id, Name: "web", Image: "busybox", Path: "sh", Args: []string{"-c", "sleep 1"},
		Created: now.Add(-3 * time.Minute), Network: att,
		State: container.State{Status: container.StatusRunning, StartedAt: now.Add(-3 * time.Minute)},
	}
	s := summary(rec)
	if s.ID != id || s.Name != "web" || strings.Join(s.Command, " ") != "sh -c sleep 1" || !s.State.Running ||
		!s.State.StartedAt.Equal(rec.State.StartedAt) || !reflect.DeepEqual(s.Ports, ports) {
		t.Fatalf("summary: %+v", s)
	}
	rec.State.Status = container.StatusExited
	if s := summary(rec); s.Ports != nil || s.State.Running {
		t.Fatalf("a stopped container's ports are unpublished: %+v", s)
	}
}

func TestList(t *testing.T) {
	env := newTestEnv(t)
	a := liveContainer(t, env, RunOptions{Name: "a"})
	b := liveContainer(t, env, RunOptions{Name: "b"})
	c := liveContainer(t, env, RunOptions{Name: "c"})
	env.setStatus(b.ID, container.StatusExited, 1)
	env.setStatus(c.ID, container.StatusRestarting, 0)
	for _, tc := range []struct {
		all  bool
		want []string
	}{
		{false, []string{"c", "a"}}, // live ones, newest first
		{true, []string{"c", "b", "a"}},
	} {
		got, err := env.e.List(tc.all)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range got {
			names = append(names, s.Name)
		}
		if !reflect.DeepEqual(names, tc.want) {
			t.Errorf("ps (all %v): %q, want %q", tc.all, names, tc.want)
		}
	}
	if got, _ := env.e.List(false); got[1].ID != a.ID || !got[1].State.Running || got[0].State.Running || !got[0].State.Restarting {
		t.Errorf("ps states %+v", got)
	}
}
