package procfs

import (
	"fmt"
	"strconv"
)

// ReadStat reads and parses /proc/<pid>/stat. A pid that is gone gives an
// error wrapping fs.ErrNotExist.
func ReadStat(pid int) (Stat, error) {
	if pid <= 0 {
		return Stat{}, fmt.Errorf("read proc stat: bad pid %d", pid)
	}
	var buf [512]byte
	b, err := ReadFile("/proc/"+strconv.Itoa(pid)+"/stat", buf[:0])
	if err != nil {
		return Stat{}, err
	}
	return ParseStat(b)
}
