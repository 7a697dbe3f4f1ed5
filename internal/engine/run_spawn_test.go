package engine

import "testing"

func TestSpawnable(t *testing.T) {
	tests := []struct {
		network string
		want    bool
	}{
		{"none", true},
		{"host", true},
		{"container:web", true},
		{"", false}, // the default bridge: its netns is made after the clone
		{"bridge", false},
		{"mynet", false},
	}
	for _, tt := range tests {
		if got := spawnable(tt.network); got != tt.want {
			t.Errorf("spawnable(%q) = %v, want %v", tt.network, got, tt.want)
		}
	}
}
