package network

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEngineConfigsUnderRoot(t *testing.T) {
	root := t.TempDir()
	for path, data := range map[string]string{
		"etc/cni/net.d/87-podman.conflist":   `{"plugins":[{"ipam":{"ranges":[[{"subnet":"10.88.0.0/16"}]]}}]}`,
		"etc/cni/net.d/cni.lock":             "",
		"etc/containers/networks/web.json":   `{"subnets":[{"subnet":"10.89.1.0/24"}]}`,
		"etc/docker/daemon.json":             `{"bip":"10.200.0.1/24"}`,
		"etc/containers/registries.conf.d/x": "",
	} {
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := New(t.TempDir(), t.TempDir(), WithHostConfigRoot(root))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range m.configuredPrefixes() {
		got[p.String()] = true
	}
	for _, want := range []string{"10.88.0.0/16", "10.89.1.0/24", "10.200.0.0/24"} {
		if !got[want] {
			t.Errorf("configured subnets %v lack %s", got, want)
		}
	}
}
