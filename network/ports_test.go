package network

import (
	"reflect"
	"testing"
)

func TestParsePorts(t *testing.T) {
	pm := func(ip string, hp, cp uint16, proto string) PortMapping {
		return PortMapping{HostIP: ip, HostPort: hp, ContainerPort: cp, Proto: proto}
	}
	tests := []struct {
		name    string
		specs   []string
		exposed []string
		all     bool
		want    []PortMapping
		err     bool
	}{
		{"none", nil, nil, false, nil, false},
		{"host:ctr", []string{"8080:80"}, nil, false, []PortMapping{pm("", 8080, 80, "tcp")}, false},
		{"same", []string{"5000:5000"}, nil, false, []PortMapping{pm("", 5000, 5000, "tcp")}, false},
		{"ctr only", []string{"80"}, nil, false, []PortMapping{pm("", 0, 80, "tcp")}, false},
		{"udp", []string{"53/udp"}, nil, false, []PortMapping{pm("", 0, 53, "udp")}, false},
		{"ip:host:ctr/udp", []string{"127.0.0.1:5353:53/udp"}, nil, false, []PortMapping{pm("127.0.0.1", 5353, 53, "udp")}, false},
		{"ip::ctr", []string{"127.0.0.1::80"}, nil, false, []PortMapping{pm("127.0.0.1", 0, 80, "tcp")}, false},
		{"upper proto", []string{"80/TCP"}, nil, false, []PortMapping{pm("", 0, 80, "tcp")}, false},
		{"two", []string{"1:2", "3:4/udp"}, nil, false, []PortMapping{pm("", 1, 2, "tcp"), pm("", 3, 4, "udp")}, false},
		{"-P", nil, []string{"80/tcp", "53/udp"}, true, []PortMapping{pm("", 0, 80, "tcp"), pm("", 0, 53, "udp")}, false},
		{"-P skips -p'd", []string{"8080:80"}, []string{"80/tcp", "443/tcp"}, true, []PortMapping{pm("", 8080, 80, "tcp"), pm("", 0, 443, "tcp")}, false},
		{"exposed without -P", nil, []string{"80/tcp"}, false, nil, false},
		{"zero", []string{"0"}, nil, false, nil, true},
		{"too big", []string{"70000"}, nil, false, nil, true},
		{"not a number", []string{"http"}, nil, false, nil, true},
		{"bad proto", []string{"80/sctp"}, nil, false, nil, true},
		{"bad ip", []string{"localhost:80:80"}, nil, false, nil, true},
		{"ipv6", []string{"[::1]:80:80"}, nil, false, nil, true},
		{"range", []string{"8000-8001:80-81"}, nil, false, nil, true},
		{"four parts", []string{"1:2:3:4"}, nil, false, nil, true},
		{"empty", []string{""}, nil, false, nil, true},
		{"bad exposed", nil, []string{"x/tcp"}, true, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePorts(tt.specs, tt.exposed, tt.all)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want err %v", err, tt.err)
			}
			if !tt.err && !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
