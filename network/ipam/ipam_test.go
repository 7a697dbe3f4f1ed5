package ipam

import (
	"errors"
	"net/netip"
	"testing"
)

func pfx(s ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, x := range s {
		out = append(out, netip.MustParsePrefix(x))
	}
	return out
}

func TestPickSubnet(t *testing.T) {
	tests := []struct {
		name  string
		cands []string
		taken []netip.Prefix
		want  string
		err   bool
	}{
		{"first free", []string{"10.88.0.0/16", "10.89.0.0/16"}, nil, "10.88.0.0/16", false},
		{"default route ignored", []string{"10.88.0.0/16"}, pfx("0.0.0.0/0"), "10.88.0.0/16", false},
		{"route inside skipped", []string{"10.88.0.0/16", "10.89.0.0/16"}, pfx("10.88.3.0/24"), "10.89.0.0/16", false},
		{"covering route skipped", []string{"10.88.0.0/16", "172.18.0.0/16"}, pfx("10.0.0.0/8"), "172.18.0.0/16", false},
		{"host address skipped", []string{"10.88.0.0/16", "10.89.0.0/16"}, pfx("10.88.0.5/32"), "10.89.0.0/16", false},
		{"all taken", []string{"10.88.0.0/16"}, pfx("10.88.0.0/16"), "", true},
		{"bad candidate", []string{"nope"}, nil, "", true},
		{"unmasked candidate", []string{"10.88.1.2/16"}, nil, "10.88.0.0/16", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PickSubnet(tt.cands, tt.taken)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want err %v", err, tt.err)
			}
			if err == nil && got.String() != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNext(t *testing.T) {
	a := netip.MustParseAddr
	tests := []struct {
		name   string
		subnet string
		used   []string
		last   string
		want   string
		err    error
	}{
		{"first", "10.88.0.0/16", nil, "", "10.88.0.2", nil},
		{"skips used", "10.88.0.0/16", []string{"10.88.0.2", "10.88.0.3"}, "", "10.88.0.4", nil},
		{"fills hole", "10.88.0.0/16", []string{"10.88.0.3"}, "", "10.88.0.2", nil},
		{"after last", "10.88.0.0/16", nil, "10.88.0.7", "10.88.0.8", nil},
		{"crosses octet", "10.88.0.0/16", nil, "10.88.0.255", "10.88.1.0", nil},
		{"wraps", "10.1.0.0/29", []string{"10.1.0.2"}, "10.1.0.6", "10.1.0.3", nil},
		{"last outside subnet", "10.1.0.0/29", nil, "10.9.0.6", "10.1.0.2", nil},
		{"/30 has one", "10.1.0.0/30", nil, "10.1.0.2", "10.1.0.2", nil},
		{"/30 full", "10.1.0.0/30", []string{"10.1.0.2"}, "", "", ErrExhausted},
		{"/29 no broadcast", "10.1.0.0/29", []string{"10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6"}, "10.1.0.4", "", ErrExhausted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			used := map[netip.Addr]bool{}
			for _, u := range tt.used {
				used[a(u)] = true
			}
			var last netip.Addr
			if tt.last != "" {
				last = a(tt.last)
			}
			got, err := Next(netip.MustParsePrefix(tt.subnet), used, last)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || got.String() != tt.want {
				t.Fatalf("got %v %v, want %s", got, err, tt.want)
			}
		})
	}
}

func TestMACAndGateway(t *testing.T) {
	if got := MAC(netip.MustParseAddr("10.88.0.2")); got != "02:42:0a:58:00:02" {
		t.Fatalf("MAC = %s", got)
	}
	if got := Gateway(netip.MustParsePrefix("10.88.0.0/16")); got.String() != "10.88.0.1" {
		t.Fatalf("Gateway = %s", got)
	}
}
