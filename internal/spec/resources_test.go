package spec

import (
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestResources(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    Resources
		want specs.LinuxResources
	}{
		{"none", Resources{}, specs.LinuxResources{}},
		{"memory: swap defaults to twice", Resources{Memory: 32 << 20},
			specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(32 << 20)), Swap: ptr(int64(64 << 20))}}},
		{"memory-swap", Resources{Memory: 32 << 20, MemorySwap: 48 << 20},
			specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(32 << 20)), Swap: ptr(int64(48 << 20))}}},
		{"memory-swap unlimited", Resources{Memory: 32 << 20, MemorySwap: -1},
			specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(32 << 20)), Swap: ptr(int64(-1))}}},
		{"cpus", Resources{CPUs: 1.5},
			specs.LinuxResources{CPU: &specs.LinuxCPU{Period: ptr(uint64(100000)), Quota: ptr(int64(150000))}}},
		{"cpu-shares", Resources{CPUShares: 512}, specs.LinuxResources{CPU: &specs.LinuxCPU{Shares: ptr(uint64(512))}}},
		{"pids", Resources{PidsLimit: 50}, specs.LinuxResources{Pids: &specs.LinuxPids{Limit: ptr(int64(50))}}},
		{"pids -1 is unlimited", Resources{PidsLimit: -1}, specs.LinuxResources{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustNew(t, busybox, WithResources(tc.r)).Linux.Resources
			tc.want.Devices = deviceRules()
			if !reflect.DeepEqual(*got, tc.want) {
				t.Fatalf("resources\n got %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestDeviceRules(t *testing.T) {
	r := deviceRules()
	if r[0].Allow || r[0].Access != "rwm" || r[0].Type != "" {
		t.Fatalf("first rule must deny all: %+v", r[0])
	}
	allowed := map[[2]int64]bool{}
	for _, d := range r[1:] {
		if d.Major != nil && d.Minor != nil {
			allowed[[2]int64{*d.Major, *d.Minor}] = true
		}
	}
	for _, dev := range [][2]int64{{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}} {
		if !allowed[dev] {
			t.Errorf("device %d:%d not allowed", dev[0], dev[1])
		}
	}
	if len(devices()) != 6 {
		t.Errorf("want 6 default device nodes")
	}
}

func TestResourcesRejected(t *testing.T) {
	for _, tc := range []struct {
		r    Resources
		want string
	}{
		{Resources{Memory: 1 << 20}, "minimum memory limit allowed is 6MB"},
		{Resources{Memory: -1}, "minimum memory limit allowed is 6MB"},
		{Resources{MemorySwap: 64 << 20}, "you should always set the memory limit"},
		{Resources{Memory: 64 << 20, MemorySwap: 32 << 20}, "minimum memory-swap limit should be larger"},
		{Resources{CPUs: -1}, "--cpus must be positive"},
	} {
		if err := tc.r.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: Validate = %v, want %q", tc.r, err, tc.want)
		}
		if _, err := New(busybox, WithResources(tc.r)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: New = %v, want %q", tc.r, err, tc.want)
		}
	}
}
