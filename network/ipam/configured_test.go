package ipam

import (
	"net/netip"
	"slices"
	"testing"
)

func TestConfiguredSubnets(t *testing.T) {
	cni := []byte(`{"name":"podman","plugins":[{"type":"bridge","ipam":{"type":"host-local",
		"ranges":[[{"subnet":"10.88.0.0/16","gateway":"10.88.0.1"}]]}},{"type":"portmap"}]}`)
	cniConf := []byte(`{"name":"old","type":"bridge","ipam":{"subnet":"10.120.3.0/24"}}`)
	podman := []byte(`{"name":"web","driver":"bridge","subnets":[{"subnet":"10.89.0.0/24","gateway":"10.89.0.1"},{"subnet":"fd00::/64"}]}`)
	daemon := []byte(`{"bip":"10.200.0.1/24","fixed-cidr":"10.200.0.128/25","default-address-pools":[{"base":"10.201.0.0/16","size":24}]}`)
	for _, tc := range []struct {
		name string
		c    EngineConfigs
		want []string
	}{
		{"none", EngineConfigs{}, nil},
		{"cni", EngineConfigs{CNI: [][]byte{cni, cniConf, []byte("not json")}}, []string{"10.88.0.0/16", "10.120.3.0/24"}},
		{"podman", EngineConfigs{Podman: [][]byte{podman}, HasPodman: true}, []string{"10.89.0.0/24", "10.88.0.0/16"}},
		{"docker default", EngineConfigs{HasDocker: true}, []string{"172.17.0.0/16"}},
		{"docker daemon.json", EngineConfigs{DockerDaemon: daemon, HasDocker: true}, []string{"10.200.0.0/24", "10.200.0.128/25", "10.201.0.0/16"}},
	} {
		var got []string
		for _, p := range ConfiguredSubnets(tc.c) {
			got = append(got, p.String())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestDefaultCandidatesAvoidEngines: the default network is none of the
// well-known engines' defaults, and a configured subnet is skipped.
func TestDefaultCandidatesAvoidEngines(t *testing.T) {
	for _, c := range DefaultCandidates {
		p := netip.MustParsePrefix(c)
		for _, engine := range []string{"172.16.0.0/12", "10.88.0.0/16", "10.89.0.0/16", "10.96.0.0/12"} {
			if p.Overlaps(netip.MustParsePrefix(engine)) {
				t.Errorf("candidate %s overlaps %s", c, engine)
			}
		}
	}
	taken := ConfiguredSubnets(EngineConfigs{CNI: [][]byte{[]byte(`{"ipam":{"subnet":"10.120.0.0/24"}}`)}})
	p, err := PickSubnet(DefaultCandidates, taken)
	if err != nil || p.String() != "10.121.0.0/16" {
		t.Fatalf("picked %v, %v; want 10.121.0.0/16", p, err)
	}
}
