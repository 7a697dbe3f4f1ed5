package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/monitor"
)

// healthFromOptions is the container's health check: --health-* flags over
// the image's HEALTHCHECK; nil when there is none (or --no-healthcheck).
func healthFromOptions(img *image.Image, o RunOptions) (*monitor.HealthConfig, error) {
	if o.NoHealthcheck {
		return nil, nil
	}
	h := &monitor.HealthConfig{}
	if img != nil && img.Config.Config.Healthcheck != nil {
		ic := img.Config.Config.Healthcheck
		h.Test = healthTest(ic.Test)
		h.Interval, h.Timeout, h.StartPeriod, h.Retries = ic.Interval, ic.Timeout, ic.StartPeriod, ic.Retries
	}
	if o.HealthCmd != "" {
		h.Test = []string{"/bin/sh", "-c", o.HealthCmd}
	}
	var err error
	if h.Interval, err = durationFlag("--health-interval", o.HealthInterval, h.Interval); err != nil {
		return nil, err
	}
	if h.Timeout, err = durationFlag("--health-timeout", o.HealthTimeout, h.Timeout); err != nil {
		return nil, err
	}
	if h.StartPeriod, err = durationFlag("--health-start-period", o.HealthStartPeriod, h.StartPeriod); err != nil {
		return nil, err
	}
	if h.StartInterval, err = durationFlag("--health-start-interval", o.HealthStartInterval, h.StartInterval); err != nil {
		return nil, err
	}
	if o.HealthRetries > 0 {
		h.Retries = o.HealthRetries
	}
	if len(h.Test) == 0 {
		return nil, nil
	}
	return h, nil
}

// healthTest turns HEALTHCHECK's Test (["CMD", …], ["CMD-SHELL", "…"],
// ["NONE"]) into argv.
func healthTest(t []string) []string {
	if len(t) == 0 {
		return nil
	}
	switch t[0] {
	case "CMD":
		return t[1:]
	case "CMD-SHELL":
		return []string{"/bin/sh", "-c", strings.Join(t[1:], " ")}
	}
	return nil
}

func durationFlag(name, v string, def time.Duration) (time.Duration, error) {
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("invalid %s %q: want a duration like 30s", name, v)
	}
	return d, nil
}
