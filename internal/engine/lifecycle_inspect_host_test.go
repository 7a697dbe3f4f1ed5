package engine

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/spec"
)

// TestInspectHostConfig: every run flag shows in HostConfig and Config as
// docker inspect shows it.
func TestInspectHostConfig(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"serve"}, Labels: map[string]string{"team": "tent", "app": "img"},
		ExposedPorts: map[string]struct{}{"443/tcp": {}},
		Healthcheck:  &v1.HealthConfig{Test: []string{"CMD-SHELL", "true"}, Interval: time.Second, Retries: 2}})
	oom := -5
	o := RunOptions{Image: testRef, Ports: []string{"8080:80", "127.0.0.1::53/udp"},
		HostOptions: HostOptions{HealthStartPeriod: "3s", HealthStartInterval: "100ms", Labels: map[string]string{"app": "web"}, AddHosts: []string{"db:10.1.2.3"},
			DNS: []string{"10.0.0.53"}, DNSSearch: []string{"a.test"}, Ulimits: []spec.Ulimit{{Name: "nofile", Soft: 10, Hard: 20}},
			Devices: []string{"/dev/fuse:/dev/f:rw"}, Sysctls: map[string]string{"net.ipv4.ip_forward": "1"}, ShmSize: 1 << 20,
			CpusetCpus: "0", CPUQuota: 5000, CPUPeriod: 10000, MemoryReservation: 8 << 20, OOMScoreAdj: &oom,
			GroupAdd: []string{"audio"}, PID: "host", IPC: "host", UTS: "host", CIDFile: "/tmp/cid"}}
	rec := env.addRecord(t, img, o, container.State{Status: container.StatusExited})
	in, err := env.e.Inspect(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	h := in.HostConfig
	want := HostConfigMore{DNS: []string{"10.0.0.53"}, DNSSearch: []string{"a.test"}, DNSOptions: []string{},
		ExtraHosts: []string{"db:10.1.2.3"}, Ulimits: o.Ulimits,
		Devices: []DeviceMapping{{PathOnHost: "/dev/fuse", PathInContainer: "/dev/f", CgroupPermissions: "rw"}},
		Sysctls: o.Sysctls, ShmSize: 1 << 20, CpusetCpus: "0", CPUQuota: 5000, CPUPeriod: 10000, MemoryReservation: 8 << 20,
		OomScoreAdj: -5, GroupAdd: []string{"audio"}, PidMode: "host", IpcMode: "host", UTSMode: "host", ContainerIDFile: "/tmp/cid"}
	if !reflect.DeepEqual(h.HostConfigMore, want) {
		t.Errorf("host config\n got %+v\nwant %+v", h.HostConfigMore, want)
	}
	wantPB := map[string][]Bind{"80/tcp": {{HostPort: "8080"}}, "53/udp": {{HostIP: "127.0.0.1"}}}
	if !reflect.DeepEqual(h.PortBindings, wantPB) {
		t.Errorf("port bindings %+v", h.PortBindings)
	}
	c := in.Config
	if !reflect.DeepEqual(c.Labels, map[string]string{"team": "tent", "app": "web"}) {
		t.Errorf("labels %v", c.Labels)
	}
	if len(c.ExposedPorts) != 3 {
		t.Errorf("exposed ports %v, want 443/tcp 80/tcp 53/udp", c.ExposedPorts)
	}
	hc := c.Healthcheck
	if hc == nil || !reflect.DeepEqual(hc.Test, []string{"CMD-SHELL", "true"}) || hc.Interval != int64(time.Second) ||
		hc.StartPeriod != int64(3*time.Second) || hc.StartInterval != int64(100*time.Millisecond) || hc.Retries != 2 {
		t.Errorf("healthcheck %+v", hc)
	}
	b, _ := json.Marshal(in)
	for _, k := range []string{`"PortBindings":{`, `"ExposedPorts":{`, `"Healthcheck":{`, `"OomScoreAdj":-5`, `"UTSMode":"host"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("inspect JSON lacks %s", k)
		}
	}
}
