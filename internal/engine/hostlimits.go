package engine

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/moby/sys/capability"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/runtime"
)

// checkRaiseLimits refuses, before anything is made, what only
// CAP_SYS_RESOURCE allows when tent lacks it: a --ulimit hard limit above
// tent's own, an --oom-score-adj below tent's. The kernel would refuse it
// in the container's init with a bare EPERM.
func checkRaiseLimits(o RunOptions) error {
	if len(o.Ulimits) == 0 && (o.OOMScoreAdj == nil || *o.OOMScoreAdj >= 0) {
		return nil
	}
	if hasCapSysResource() {
		return nil
	}
	for _, u := range o.Ulimits {
		if err := checkUlimit(u); err != nil {
			return err
		}
	}
	if o.OOMScoreAdj != nil {
		cur, err := readOOMScoreAdj("/proc/self/oom_score_adj")
		if err == nil && *o.OOMScoreAdj < cur {
			return fmt.Errorf("--oom-score-adj %d: lowering the OOM score below tent's own (%d) needs CAP_SYS_RESOURCE, which tent lacks",
				*o.OOMScoreAdj, cur)
		}
	}
	return nil
}

func checkUlimit(u spec.Ulimit) error {
	typ, _ := spec.RlimitType(u.Name)
	res, ok := runtime.RlimitResource(typ)
	if !ok {
		return nil // the spec refuses it
	}
	var rl unix.Rlimit
	if err := unix.Getrlimit(res, &rl); err != nil {
		return nil
	}
	if hard := rlimitValue(u.Hard); hard > rl.Max {
		return fmt.Errorf("--ulimit %s=%d:%d: the hard limit is above tent's own (%d), which needs CAP_SYS_RESOURCE, which tent lacks",
			u.Name, u.Soft, u.Hard, rl.Max)
	}
	return nil
}

func rlimitValue(n int64) uint64 {
	if n < 0 {
		return unix.RLIM_INFINITY
	}
	return uint64(n)
}

func hasCapSysResource() bool {
	c, err := capability.NewPid2(0)
	if err == nil {
		err = c.Load()
	}
	return err == nil && c.Get(capability.EFFECTIVE, capability.CAP_SYS_RESOURCE)
}

func readOOMScoreAdj(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}
