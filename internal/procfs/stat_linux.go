package procfs

import (
	"fmt"
	"os"
	"strconv"
)

// ReadStat reads and parses /proc/<pid>/stat. A pid that is gone gives an
// error wrapping fs.ErrNotExist.
func ReadStat(pid int) (Stat, error) {
	if pid <= 0 {
		return Stat{}, fmt.Errorf("read proc stat: bad pid %d", pid)
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return Stat{}, err
	}
	return ParseStat(b)
}
