package spec

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// ParseLabels parses -l/--label values (KEY=VALUE, or KEY for an empty
// value), later ones winning, as Docker's.
func ParseLabels(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		if strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("invalid label %q: empty key", kv)
		}
		out[k] = v
	}
	return out, nil
}

// ParseLabelFile returns the labels of a --label-file: one KEY=VALUE a
// line; blank lines and lines starting with # are skipped.
func ParseLabelFile(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}
