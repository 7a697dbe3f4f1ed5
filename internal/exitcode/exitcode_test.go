package exitcode

import (
	"errors"
	"fmt"
	"os/exec"
	"testing"
)

// coded is a foreign error type with the method From looks for.
type coded int

func (c coded) Error() string { return "coded" }
func (c coded) ExitCode() int { return int(c) }

func TestFrom(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   int
		ok     bool
		orCode int // Or(err, 125)
	}{
		{"nil", nil, 0, false, 125},
		{"plain", errors.New("boom"), 0, false, 125},
		{"Error", New(127, errors.New("sh: not found")), 127, true, 127},
		{"wrapped Error", fmt.Errorf("start: %w", New(126, errors.New("denied"))), 126, true, 126},
		{"code zero is a code", New(0, errors.New("x")), 0, true, 0},
		{"foreign type", fmt.Errorf("a: %w", coded(3)), 3, true, 3},
		{"os/exec ExitError", &exec.ExitError{}, -1, true, -1},
		{"joined: first with a code", errors.Join(errors.New("a"), New(1, errors.New("b"))), 1, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, ok := From(tt.err)
			if code != tt.code || ok != tt.ok {
				t.Errorf("From = %d, %v; want %d, %v", code, ok, tt.code, tt.ok)
			}
			if got := Or(tt.err, Engine); got != tt.orCode {
				t.Errorf("Or = %d, want %d", got, tt.orCode)
			}
		})
	}
}

func TestDefault(t *testing.T) {
	inner := New(NotFound, errors.New("sh: not found"))
	tests := []struct {
		name     string
		err      error
		wantCode int
		wantNil  bool
		wantText string
	}{
		{"nil stays nil", nil, 0, true, ""},
		{"plain gets the default", errors.New("boom"), Engine, false, "boom"},
		{"a code is kept", fmt.Errorf("exec: %w", inner), NotFound, false, "exec: sh: not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Default(tt.err, Engine)
			if (err == nil) != tt.wantNil {
				t.Fatalf("Default = %v", err)
			}
			if err == nil {
				return
			}
			if code, _ := From(err); code != tt.wantCode || err.Error() != tt.wantText {
				t.Errorf("Default = %q code %d; want %q code %d", err, code, tt.wantText, tt.wantCode)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("Default(%v) does not wrap it", tt.err)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{New(126, errors.New("permission denied")), "permission denied"},
		{New(137, nil), "exit code 137"},
		{New(0, nil), "exit code 0"},
		{New(-1, nil), "exit code -1"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
