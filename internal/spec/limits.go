package spec

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Ulimit is one --ulimit name=soft[:hard] (Docker's HostConfig.Ulimits
// entry); -1 is unlimited.
type Ulimit struct {
	Name string `json:"Name"`
	Hard int64  `json:"Hard"`
	Soft int64  `json:"Soft"`
}

// ulimitNames are the names --ulimit takes (Docker's, go-units); each is
// its rlimit's RLIMIT_ name in lower case. A slice: a map literal here was
// built at every start of tent.
var ulimitNames = []string{"as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
	"nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"}

// RlimitType is the spec's rlimit type of a --ulimit name ("nofile": "RLIMIT_NOFILE").
func RlimitType(name string) (string, bool) {
	if !slices.Contains(ulimitNames, name) {
		return "", false
	}
	return "RLIMIT_" + strings.ToUpper(name), true
}

// ParseUlimit parses --ulimit name=soft[:hard] (hard defaults to soft).
func ParseUlimit(s string) (Ulimit, error) {
	name, val, ok := strings.Cut(s, "=")
	if !ok {
		return Ulimit{}, fmt.Errorf("invalid ulimit %q: want name=soft[:hard]", s)
	}
	if _, known := RlimitType(name); !known {
		return Ulimit{}, fmt.Errorf("invalid ulimit %q: unknown type %q", s, name)
	}
	softS, hardS, hasHard := strings.Cut(val, ":")
	soft, err := strconv.ParseInt(softS, 10, 64)
	if err != nil || soft < -1 {
		return Ulimit{}, fmt.Errorf("invalid ulimit %q: soft limit %q is not a number", s, softS)
	}
	hard := soft
	if hasHard {
		if hard, err = strconv.ParseInt(hardS, 10, 64); err != nil || hard < -1 {
			return Ulimit{}, fmt.Errorf("invalid ulimit %q: hard limit %q is not a number", s, hardS)
		}
	}
	if rlim(soft) > rlim(hard) {
		return Ulimit{}, fmt.Errorf("invalid ulimit %q: soft limit %d is above hard limit %d", s, soft, hard)
	}
	return Ulimit{Name: name, Soft: soft, Hard: hard}, nil
}

// rlim is a limit as setrlimit takes it: -1 is RLIM_INFINITY.
func rlim(n int64) uint64 {
	if n < 0 {
		return math.MaxUint64
	}
	return uint64(n)
}

// WithUlimits sets --ulimit limits; one for nofile replaces Docker's default.
func WithUlimits(u ...Ulimit) Option {
	return func(o *options) { o.x.ulimits = append(o.x.ulimits, u...) }
}

// rlimits are Docker's RLIMIT_NOFILE and the --ulimit ones, in that order,
// a --ulimit replacing the default of its type.
func rlimits(o *options) ([]specs.POSIXRlimit, error) {
	out := []specs.POSIXRlimit{nofile(o.nofileHard)}
	for _, u := range o.x.ulimits {
		typ, ok := RlimitType(u.Name)
		if !ok {
			return nil, fmt.Errorf("invalid ulimit: unknown type %q", u.Name)
		}
		r := specs.POSIXRlimit{Type: typ, Soft: rlim(u.Soft), Hard: rlim(u.Hard)}
		if i := indexRlimit(out, typ); i >= 0 {
			out[i] = r
		} else {
			out = append(out, r)
		}
	}
	return out, nil
}

func indexRlimit(rs []specs.POSIXRlimit, typ string) int {
	for i, r := range rs {
		if r.Type == typ {
			return i
		}
	}
	return -1
}

// WithOOMScoreAdj sets the process's oom_score_adj (--oom-score-adj).
func WithOOMScoreAdj(n int) Option { return func(o *options) { o.x.oomScoreAdj = &n } }

func oomScoreAdj(o *options) (*int, error) {
	if p := o.x.oomScoreAdj; p != nil && (*p < -1000 || *p > 1000) {
		return nil, fmt.Errorf("invalid --oom-score-adj %d: the range is [-1000, 1000]", *p)
	}
	return o.x.oomScoreAdj, nil
}

// WithGroupAdd adds supplementary groups (--group-add): names from the
// image's /etc/group (WithUserDB) or numbers.
func WithGroupAdd(groups ...string) Option {
	return func(o *options) { o.x.groupAdd = append(o.x.groupAdd, groups...) }
}

// addGroups appends the --group-add gids to u's supplementary groups.
func addGroups(u *specs.User, o *options) error {
	for _, g := range o.x.groupAdd {
		gid, err := resolveGroup(g, o.users.Group)
		if err != nil {
			return fmt.Errorf("--group-add: %w", err)
		}
		if !slices.Contains(u.AdditionalGids, gid) {
			u.AdditionalGids = append(u.AdditionalGids, gid)
		}
	}
	return nil
}
