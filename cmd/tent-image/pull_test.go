package main

import "testing"

func TestLastDigest(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"r@sha256:a"}, "sha256:a"},
		{[]string{"r@sha256:a", "h:5000/r@sha256:b"}, "sha256:b"},
		{[]string{"sha256:c"}, "sha256:c"},
	}
	for _, tt := range tests {
		if got := lastDigest(tt.in); got != tt.want {
			t.Errorf("lastDigest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlatformOpts(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		wantErr bool
	}{
		{"", 0, false},
		{"linux/arm64", 1, false},
		{"linux/arm/v7", 1, false},
		{"linux/arm/v7/x/y", 0, true},
	}
	for _, tt := range tests {
		opts, err := platformOpts(tt.in)
		if (err != nil) != tt.wantErr || len(opts) != tt.n {
			t.Errorf("platformOpts(%q) = %d options, %v", tt.in, len(opts), err)
		}
	}
}

// TestUsageErrors: bad invocations exit 1, as tent's do.
func TestUsageErrors(t *testing.T) {
	tests := [][]string{{"pull"}, {"pull", "a", "b"}, {"nosuch"}, {"pull", "--nosuch", "x"}}
	for _, args := range tests {
		if code := run(args); code != 1 {
			t.Errorf("%q: exit %d, want 1", args, code)
		}
	}
}
