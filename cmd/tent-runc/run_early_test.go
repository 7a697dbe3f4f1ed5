package main

import "testing"

// earlyRoot must find --root exactly as the flag parser will, or give up:
// an init cloned for another root is killed, but one cloned for a command
// line pflag reads otherwise must never use a root the user did not name.
func TestEarlyRoot(t *testing.T) {
	tests := []struct {
		args []string
		root string
		ok   bool
	}{
		{[]string{"run", "--bundle", "b", "id"}, defaultRoot, true},
		{[]string{"--root", "/r", "run", "id"}, "/r", true},
		{[]string{"--root=/r", "run", "-d", "id"}, "/r", true},
		{[]string{"--root", "run", "run"}, "run", true},
		{[]string{"--root", "run"}, "", false},
		{[]string{"--root="}, "", false},
		{[]string{"--root=", "run"}, "", false},
		{[]string{"--root", "/a", "--root", "/b", "run"}, "", false},
		{[]string{"--debug", "run"}, "", false},
		{[]string{"--log", "/l", "run"}, "", false},
		{[]string{"-root", "/r", "run"}, "", false},
		{[]string{"create", "id"}, "", false},
		{[]string{"exec", "run"}, "", false},
		{[]string{"--", "run"}, "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		root, ok := earlyRoot(tt.args)
		if ok != tt.ok || (ok && root != tt.root) {
			t.Errorf("earlyRoot(%q) = %q, %v; want %q, %v", tt.args, root, ok, tt.root, tt.ok)
		}
	}
}

func TestEarlyNil(t *testing.T) {
	var e *early
	if e.take("/r") != nil {
		t.Error("a nil early handed an init over")
	}
	e.abort()
}
