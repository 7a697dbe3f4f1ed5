package network

import (
	"strings"
	"testing"
)

func TestParseExtraHost(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    HostEntry
		wantErr string
	}{
		{"db:10.1.2.3", HostEntry{"db", "10.1.2.3"}, ""},
		{"db=10.1.2.3", HostEntry{"db", "10.1.2.3"}, ""},
		{"v6:2001:db8::1", HostEntry{"v6", "2001:db8::1"}, ""},
		{"v6:[2001:db8::1]", HostEntry{"v6", "2001:db8::1"}, ""},
		{"gw:host-gateway", HostEntry{"gw", HostGateway}, ""},
		{"db", HostEntry{}, "want NAME:IP"},
		{":1.2.3.4", HostEntry{}, "want NAME:IP"},
		{"db:nope", HostEntry{}, "not an IP address"},
		{"a b:1.2.3.4", HostEntry{}, "bad host name"},
	} {
		got, err := ParseExtraHost(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestResolveExtraHosts(t *testing.T) {
	in := []HostEntry{{"gw", HostGateway}, {"db", "10.1.2.3"}}
	got, err := ResolveExtraHosts(in, "172.29.0.1")
	if err != nil || got[0].IP != "172.29.0.1" || got[1].IP != "10.1.2.3" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := ResolveExtraHosts(in, ""); err == nil || !strings.Contains(err.Error(), "no gateway") {
		t.Fatalf("host-gateway without a gateway: err %v", err)
	}
}

func TestHostsWithExtra(t *testing.T) {
	got := string(HostsWith("web", "abc", "10.0.0.2", nil, []HostEntry{{"db", "10.1.2.3"}}))
	i, j := strings.Index(got, "10.1.2.3\tdb\n"), strings.Index(got, "10.0.0.2\tabc web\n")
	if i < 0 || j < 0 || i > j {
		t.Fatalf("extra host line missing or after the container's own:\n%s", got)
	}
}

func TestResolvConfWith(t *testing.T) {
	host := []byte("search corp.example\nnameserver 10.0.0.53\noptions ndots:2\n")
	for _, tc := range []struct {
		name string
		c    DNSConfig
		want string
	}{
		{"none", DNSConfig{}, "search corp.example\nnameserver 10.0.0.53\noptions ndots:2\n"},
		{"servers", DNSConfig{Servers: []string{"10.9.9.9", "10.9.9.8"}},
			"search corp.example\noptions ndots:2\nnameserver 10.9.9.9\nnameserver 10.9.9.8\n"},
		{"search", DNSConfig{Search: []string{"a.test", "b.test"}}, "nameserver 10.0.0.53\noptions ndots:2\nsearch a.test b.test\n"},
		{"no search", DNSConfig{Search: []string{"."}}, "nameserver 10.0.0.53\noptions ndots:2\n"},
		{"options", DNSConfig{Options: []string{"ndots:5", "timeout:1"}}, "search corp.example\nnameserver 10.0.0.53\noptions ndots:5 timeout:1\n"},
	} {
		if got := string(ResolvConfWith(host, tc.c)); got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
	if err := (DNSConfig{Servers: []string{"dns.example"}}).Validate(); err == nil {
		t.Error("a --dns name is accepted")
	}
}
