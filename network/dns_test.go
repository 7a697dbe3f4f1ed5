package network

import (
	"os"
	"path/filepath"
	"testing"
)

func TestResolvConf(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"kept", "nameserver 10.0.0.2\nsearch example.com\n", "nameserver 10.0.0.2\nsearch example.com\n"},
		{"stub replaced", "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n", "options edns0 trust-ad\nsearch lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n"},
		{"loopback dropped, other kept", "nameserver 127.0.0.1\nnameserver 1.1.1.1\n", "nameserver 1.1.1.1\n"},
		{"ipv6 dropped", "nameserver ::1\nnameserver fe80::1%eth0\nnameserver 2001:db8::1\n", "nameserver 8.8.8.8\nnameserver 8.8.4.4\n"},
		{"comments dropped", "# generated\n; x\n\nnameserver 9.9.9.9\n", "nameserver 9.9.9.9\n"},
		{"empty", "", "nameserver 8.8.8.8\nnameserver 8.8.4.4\n"},
		{"garbage nameserver", "nameserver\nnameserver foo\n", "nameserver 8.8.8.8\nnameserver 8.8.4.4\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(ResolvConf([]byte(tt.in))); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHostResolvConf(t *testing.T) {
	d := t.TempDir()
	etc, up := filepath.Join(d, "etc"), filepath.Join(d, "up")
	os.WriteFile(etc, []byte("nameserver 127.0.0.53\n"), 0o644)
	if b, _ := HostResolvConf(etc, up); string(b) != "nameserver 127.0.0.53\n" {
		t.Fatalf("no upstream: got %q", b)
	}
	os.WriteFile(up, []byte("nameserver 10.1.1.1\n"), 0o644)
	if b, _ := HostResolvConf(etc, up); string(b) != "nameserver 10.1.1.1\n" {
		t.Fatalf("upstream: got %q", b)
	}
	os.WriteFile(etc, []byte("nameserver 10.2.2.2\n"), 0o644)
	if b, _ := HostResolvConf(etc, up); string(b) != "nameserver 10.2.2.2\n" {
		t.Fatalf("real resolver: got %q", b)
	}
	if _, err := HostResolvConf(filepath.Join(d, "missing"), up); err == nil {
		t.Fatal("missing file: want error")
	}
}

func TestHosts(t *testing.T) {
	const base = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
	tests := []struct {
		name, cname, host, ip string
		peers                 map[string]string
		want                  string
	}{
		{"plain", "web", "abc123", "10.88.0.2", nil, base + "10.88.0.2\tabc123 web\n"},
		{"name is hostname", "web", "web", "10.88.0.2", nil, base + "10.88.0.2\tweb\n"},
		{"no ip", "web", "abc", "", nil, base},
		{"peers sorted, self skipped", "web", "abc", "10.9.0.2", map[string]string{"db": "10.9.0.4", "cache": "10.9.0.3", "web": "10.9.0.2"},
			base + "10.9.0.2\tabc web\n10.9.0.3\tcache\n10.9.0.4\tdb\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Hosts(tt.cname, tt.host, tt.ip, tt.peers)); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}
