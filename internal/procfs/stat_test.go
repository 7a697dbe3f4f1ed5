package procfs

import "testing"

func TestParseStat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Stat
		err  bool
	}{
		{"plain", "42 (sh) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 12345 1000 100",
			Stat{PID: 42, Comm: "sh", State: 'S', PPID: 1, UTime: 7, STime: 3, StartTime: 12345}, false},
		{"comm with spaces and parens", "7 (a) b) (c) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0",
			Stat{PID: 7, Comm: "a) b) (c", State: 'Z', PPID: 1, StartTime: 99}, false},
		{"comm of a space", "8 ( ) R 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 42 1000 10\n",
			Stat{PID: 8, Comm: " ", State: 'R', UTime: 5, STime: 6, StartTime: 42}, false},
		{"empty comm", "9 () S 2 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0",
			Stat{PID: 9, State: 'S', PPID: 2, StartTime: 5}, false},
		{"garbage", "garbage", Stat{}, true},
		{"no closing paren", "1 (sh S 1 2 3", Stat{}, true},
		{"too few fields", "1 (sh) S 1 2 3", Stat{}, true},
		{"bad starttime", "42 (sh) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 x 0 0", Stat{}, true},
		{"bad pid", "x (sh) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", Stat{}, true},
		{"empty", "", Stat{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStat([]byte(tt.in))
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseStat(%q) = %+v, %v; want %+v, err %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
