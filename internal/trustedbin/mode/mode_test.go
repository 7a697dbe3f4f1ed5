package mode

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	const dir = 0o040000
	tests := []struct {
		name string
		mode uint32
		uid  uint32
		euid int
		want error
	}{
		{"root's 0755, run by root", modeReg | 0o755, 0, 0, nil},
		{"root's 0755, run by a user", modeReg | 0o755, 0, 1000, nil},
		{"ours, 0700", modeReg | 0o700, 1000, 1000, nil},
		{"ours, 0500", modeReg | 0o500, 0, 0, nil},
		{"not executable", modeReg | 0o644, 0, 0, ErrNotExecutable},
		{"a dir", dir | 0o755, 0, 0, ErrNotExecutable},
		{"group-writable", modeReg | 0o775, 0, 0, ErrWritable},
		{"world-writable", modeReg | 0o757, 0, 0, ErrWritable},
		{"another user's, run by root", modeReg | 0o755, 1000, 0, ErrOwner},
		{"another user's, run by a user", modeReg | 0o755, 1001, 1000, ErrOwner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.mode, tt.uid, tt.euid); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Check(%o, %d, %d) = %v, want %v", tt.mode, tt.uid, tt.euid, err, tt.want)
			}
		})
	}
}
