package container

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
)

// Word lists for generated names: adjectives and people from the history of
// operating systems and computing (tent's own lists).
var adjectives = [...]string{
	"agile", "amazing", "brave", "bright", "busy", "calm", "clever", "cool",
	"crisp", "curious", "daring", "eager", "elastic", "epic", "fair", "fearless",
	"festive", "focused", "friendly", "gallant", "gentle", "happy", "hardy", "honest",
	"humble", "jolly", "keen", "kind", "lively", "loyal", "lucid", "merry",
	"modest", "nifty", "nimble", "noble", "patient", "plucky", "polite", "proud",
	"quick", "quiet", "rapid", "relaxed", "serene", "sharp", "sleek", "smart",
	"snappy", "steady", "sturdy", "swift", "tender", "tidy", "trusty", "upbeat",
	"vivid", "warm", "wise", "witty", "zealous", "zen",
}

var nouns = [...]string{
	"allen", "babbage", "backus", "bell", "bosack", "cerf", "codd", "conway",
	"corbato", "cray", "dijkstra", "engelbart", "floyd", "gray", "hamilton", "hopper",
	"kahn", "kay", "kernighan", "knuth", "lamport", "liskov", "lovelace", "mccarthy",
	"mcilroy", "metcalfe", "minsky", "moore", "naur", "noyce", "ossanna", "perlman",
	"pike", "postel", "ritchie", "saltzer", "shannon", "sutherland", "tanenbaum", "thompson",
	"torvalds", "turing", "vonneumann", "wheeler", "wilkes", "wirth", "wozniak", "zuse",
}

// RandomName returns a Docker-like "adjective_noun" name; withNumber adds a
// digit, for retries after collisions.
func RandomName(withNumber bool) string {
	n := adjectives[rand.IntN(len(adjectives))] + "_" + nouns[rand.IntN(len(nouns))]
	if withNumber {
		n += strconv.Itoa(rand.IntN(10))
	}
	return n
}

// reserveName takes r.Name, or a generated one when empty. The store lock is held.
func (s *Store) reserveName(r *Record) error {
	if r.Name != "" {
		if !ValidName(r.Name) {
			return fmt.Errorf("invalid container name %q: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", r.Name)
		}
		return s.takeName(r.Name, r.ID)
	}
	for i := 0; i < 20; i++ {
		r.Name = RandomName(i >= 10)
		err := s.takeName(r.Name, r.ID)
		if !errors.Is(err, ErrNameInUse) {
			return err
		}
	}
	return fmt.Errorf("create container: could not find a free name")
}

// takeName creates .names/<name> exclusively; a stale reservation (no record
// behind it, left by a crash) is taken over.
func (s *Store) takeName(name, id string) error {
	p := s.l.NameFile(name)
	for try := 0; try < 2; try++ {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := f.WriteString(id)
			cerr := f.Close()
			if werr != nil || cerr != nil {
				os.Remove(p)
				return fmt.Errorf("reserve name %s: %w", name, errors.Join(werr, cerr))
			}
			return nil
		}
		if !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("reserve name %s: %w", name, err)
		}
		owner, _ := os.ReadFile(p)
		if _, serr := os.Stat(s.l.RecordFile(string(owner))); serr == nil && isFullID(string(owner)) {
			return fmt.Errorf("the container name \"/%s\" is already in use by container %q: %w", name, string(owner), ErrNameInUse)
		}
		os.Remove(p) // stale
	}
	return fmt.Errorf("reserve name %s: %w", name, ErrNameInUse)
}

func (s *Store) releaseName(name, id string) {
	if name == "" {
		return
	}
	p := s.l.NameFile(name)
	if owner, err := os.ReadFile(p); err == nil && string(owner) == id {
		os.Remove(p)
	}
}
