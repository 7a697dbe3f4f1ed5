package logs

import (
	"fmt"
	"strconv"
	"strings"

	units "github.com/docker/go-units"
)

// ParseOptions reads json-file's --log-opt values: max-size=10m and
// max-file=3.
func ParseOptions(kvs []string) ([]Option, error) {
	var opts []Option
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "max-size":
			n, err := units.RAMInBytes(v)
			if err != nil {
				return nil, fmt.Errorf("invalid --log-opt max-size=%s: want a number with an optional unit b, k, m, g", v)
			}
			opts = append(opts, WithMaxSize(n))
		case "max-file":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("invalid --log-opt max-file=%s", v)
			}
			opts = append(opts, WithMaxFiles(n))
		default:
			return nil, fmt.Errorf("unknown log opt %q (json-file takes max-size, max-file)", k)
		}
	}
	return opts, nil
}
