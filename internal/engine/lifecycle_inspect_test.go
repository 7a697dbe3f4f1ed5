package engine

import (
	"encoding/json"
	"reflect"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/network"
)

func TestInspect(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"serve"}, Entrypoint: []string{"/app"}, Env: []string{"A=1"},
		WorkingDir: "/srv", User: "app", StopSignal: "SIGQUIT", Labels: map[string]string{"team": "tent"}})
	o := RunOptions{Image: testRef, Name: "web", Volumes: []string{"/data:/data:ro", "/logs:/logs"}, Restart: "on-failure:2",
		Memory: 64 << 20, CPUs: 1.5, Network: "backend", LogOpts: []string{"max-size=1m"}, TTY: true}
	rec := env.addRecord(t, img, o, container.State{Status: container.StatusExited, ExitCode: 3, OOMKilled: true})
	att, _ := json.Marshal(network.Attachment{Network: "backend", IP: "10.89.0.5", PrefixLen: 24, Gateway: "10.89.0.1",
		Ports: []network.PortMapping{{HostPort: 8080, ContainerPort: 80}}})
	if err := env.e.Containers.Update(rec.ID, func(r *container.Record) error { r.Network = att; return nil }); err != nil {
		t.Fatal(err)
	}
	in, err := env.e.Inspect("web")
	if err != nil {
		t.Fatal(err)
	}
	l := env.e.Layout
	if in.ID != rec.ID || in.Name != "/web" || in.Image != img.ID || in.Path != "/app" || !reflect.DeepEqual(in.Args, []string{"serve"}) ||
		in.HostsPath != l.HostsFile(rec.ID) || in.LogPath != l.LogFile(rec.ID) || in.Driver != "overlay" {
		t.Errorf("inspect %+v", in)
	}
	if s := in.State; s.Status != "exited" || s.Running || s.ExitCode != 3 || !s.OOMKilled {
		t.Errorf("state %+v", s)
	}
	h := in.HostConfig
	if h.RestartPolicy != (RestartPolicy{Name: "on-failure", MaximumRetryCount: 2}) || h.Memory != 64<<20 || h.NanoCpus != 1.5e9 ||
		h.NetworkMode != "backend" || h.LogConfig["Config"].(map[string]string)["max-size"] != "1m" {
		t.Errorf("host config %+v", h)
	}
	wantMounts := []MountPoint{
		{Type: "bind", Source: "/data", Destination: "/data", Mode: "ro", Propagation: "rprivate"},
		{Type: "bind", Source: "/logs", Destination: "/logs", Mode: "rw", RW: true, Propagation: "rprivate"},
	}
	if !reflect.DeepEqual(in.Mounts, wantMounts) {
		t.Errorf("mounts %+v", in.Mounts)
	}
	c := in.Config
	if c.Image != testRef || !c.Tty || c.User != "app" || c.StopSignal != "SIGQUIT" || c.Labels["team"] != "tent" ||
		!reflect.DeepEqual(c.Cmd, []string{"serve"}) || !reflect.DeepEqual(c.Entrypoint, []string{"/app"}) || c.Hostname != rec.ID[:12] {
		t.Errorf("config from the image %+v", c)
	}
	ns := in.NetworkSettings
	if ns.IPAddress != "10.89.0.5" || ns.IPPrefixLen != 24 || !reflect.DeepEqual(ns.Ports["80/tcp"], []Bind{{HostIP: "0.0.0.0", HostPort: "8080"}}) ||
		ns.Networks["backend"] == nil {
		t.Errorf("network settings %+v", ns)
	}

	// Once it ran, the saved spec has the last word on hostname, env, cwd.
	s := &specs.Spec{Hostname: "saved", Process: &specs.Process{Env: []string{"A=1", "B=2"}, Cwd: "/w"}}
	if err := saveSpec(l.SpecFile(rec.ID), createPlan{spec: s}); err != nil {
		t.Fatal(err)
	}
	if in, err = env.e.Inspect(rec.ID); err != nil {
		t.Fatal(err)
	}
	if c := in.Config; c.Hostname != "saved" || !reflect.DeepEqual(c.Env, s.Process.Env) || c.WorkingDir != "/w" {
		t.Errorf("config from the spec %+v", c)
	}
}

// TestInspectWithoutImage: a container outlives its image's removal.
func TestInspectWithoutImage(t *testing.T) {
	env := newTestEnv(t)
	img := env.addImage(t, testRef, v1.Config{Cmd: []string{"serve"}})
	ep := []string{"/bin/sh"}
	rec := env.addRecord(t, img, RunOptions{Image: testRef, Entrypoint: &ep, Hostname: "box"}, container.State{Status: container.StatusExited})
	if err := env.e.Containers.Update(rec.ID, func(r *container.Record) error {
		r.Image, r.ImageID = "example.com/gone:1", "sha256:"+testID
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	in, err := env.e.Inspect(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c := in.Config; !reflect.DeepEqual(c.Entrypoint, ep) || c.Hostname != "box" || c.Labels == nil || c.Cmd != nil || in.NetworkSettings.Ports == nil {
		t.Errorf("config %+v", c)
	}
}
