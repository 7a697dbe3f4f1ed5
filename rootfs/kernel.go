package rootfs

import (
	"strconv"
	"strings"
)

// parseKernelRelease reads "major.minor" from a uname release such as
// "6.1.0-18-amd64" or "5.10.0".
func parseKernelRelease(rel string) (major, minor int, ok bool) {
	maj, rest, found := strings.Cut(rel, ".")
	if !found {
		return 0, 0, false
	}
	end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(rest)
	}
	var err1, err2 error
	major, err1 = strconv.Atoi(maj)
	minor, err2 = strconv.Atoi(rest[:end])
	return major, minor, err1 == nil && err2 == nil && end > 0
}
