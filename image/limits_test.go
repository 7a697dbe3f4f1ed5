package image

import "testing"

func TestLayerLimitsFromEnv(t *testing.T) {
	tests := []struct {
		size, entries string
		want          options
		ok            bool
	}{
		{"", "", options{}, true},
		{"1048576", "10", options{maxSize: 1 << 20, maxEntries: 10}, true},
		{"64G", "1M", options{maxSize: 64 << 30, maxEntries: 1 << 20}, true},
		{"2t", "", options{maxSize: 2 << 40}, true},
		{"-1", "", options{}, false},
		{"0", "", options{}, false},
		{"1X", "", options{}, false},
		{"", "many", options{}, false},
		{"99999999999T", "", options{}, false},
	}
	for _, tt := range tests {
		env := map[string]string{EnvMaxLayerSize: tt.size, EnvMaxLayerEntries: tt.entries}
		opt, err := LayerLimitsFromEnv(func(k string) string { return env[k] })
		if (err == nil) != tt.ok {
			t.Errorf("%q %q: err = %v", tt.size, tt.entries, err)
			continue
		}
		if err == nil {
			var o options
			opt(&o)
			if o.maxSize != tt.want.maxSize || o.maxEntries != tt.want.maxEntries {
				t.Errorf("%q %q: %+v, want %+v", tt.size, tt.entries, o, tt.want)
			}
		}
	}
}
