package monitor

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Policy is a restart policy (--restart).
type Policy struct {
	Name       string // no|on-failure|always|unless-stopped
	MaxRetries int    // on-failure:N; 0 unlimited
}

// ParsePolicy parses "no", "always", "unless-stopped", "on-failure[:N]".
func ParsePolicy(s string) (Policy, error) {
	name, n, hasN := strings.Cut(s, ":")
	switch name {
	case "", "no":
		if hasN {
			return Policy{}, fmt.Errorf("restart policy %q takes no retry count", s)
		}
		return Policy{Name: "no"}, nil
	case "always", "unless-stopped":
		if hasN {
			return Policy{}, fmt.Errorf("restart policy %q takes no retry count", s)
		}
		return Policy{Name: name}, nil
	case "on-failure":
		p := Policy{Name: name}
		if hasN {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return Policy{}, fmt.Errorf("restart policy %q: bad retry count", s)
			}
			p.MaxRetries = v
		}
		return p, nil
	}
	return Policy{}, fmt.Errorf("invalid restart policy %q: want no, always, unless-stopped or on-failure[:N]", s)
}

// String is the policy as the user writes it.
func (p Policy) String() string {
	if p.Name == "on-failure" && p.MaxRetries > 0 {
		return p.Name + ":" + strconv.Itoa(p.MaxRetries)
	}
	return p.Name
}

// Restart says whether a container that exited with code, after restarts
// restarts so far, is started again. A container the user stopped is not.
func (p Policy) Restart(code, restarts int, stoppedByUser bool) bool {
	if stoppedByUser {
		return false
	}
	switch p.Name {
	case "always", "unless-stopped":
		return true
	case "on-failure":
		return code != 0 && (p.MaxRetries == 0 || restarts < p.MaxRetries)
	}
	return false
}

// Backoff is the delay before each restart: 100 ms doubling up to Max; it
// starts over when the container ran for at least Reset.
type Backoff struct {
	Initial, Max, Reset time.Duration
	next                time.Duration
}

// NewBackoff is Docker's: 100 ms, doubling, reset after 10 s of running.
func NewBackoff() *Backoff {
	return &Backoff{Initial: 100 * time.Millisecond, Max: time.Minute, Reset: 10 * time.Second}
}

// Next returns the delay before the next start, given how long the last run lasted.
func (b *Backoff) Next(ran time.Duration) time.Duration {
	if b.next == 0 || ran >= b.Reset {
		b.next = b.Initial
	} else {
		b.next = min(b.next*2, b.Max)
	}
	return b.next
}
