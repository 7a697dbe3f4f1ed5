package procfs

import (
	"errors"
	"io/fs"
	"os"
	"testing"
)

func TestReadStat(t *testing.T) {
	self, err := ReadStat(os.Getpid())
	if err != nil || self.PID != os.Getpid() || self.PPID != os.Getppid() || self.StartTime == 0 {
		t.Fatalf("ReadStat(self) = %+v, %v", self, err)
	}
	tests := []struct {
		name string
		pid  int
		gone bool
	}{
		{"zero", 0, false},
		{"negative", -1, false},
		{"above pid_max", 1 << 30, true},
	}
	for _, tt := range tests {
		_, err := ReadStat(tt.pid)
		if err == nil || errors.Is(err, fs.ErrNotExist) != tt.gone {
			t.Errorf("%s: ReadStat(%d) = %v, want gone %v", tt.name, tt.pid, err, tt.gone)
		}
	}
}
