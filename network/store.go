package network

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/atomicfile"
)

// Network is a bridge network's definition, kept in <root>/networks/<name>.json.
type Network struct {
	Name    string    `json:"Name"`
	Bridge  string    `json:"Bridge"`
	Subnet  string    `json:"Subnet"`
	Gateway string    `json:"Gateway"`
	Created time.Time `json:"Created"`
}

// lease is one container's hold on an address (and its host ports), in
// <root>/leases/<id>.json. It records everything Detach must undo.
type lease struct {
	ID       string    `json:"Id"`
	Name     string    `json:"Name"`
	Hostname string    `json:"Hostname"`
	Created  time.Time `json:"Created"`
	Attachment
}

func (m *Manager) netPath(name string) string {
	return filepath.Join(m.root, "networks", name+".json")
}
func (m *Manager) leasePath(id string) string { return filepath.Join(m.root, "leases", id+".json") }
func (m *Manager) netnsPath(id string) string { return filepath.Join(m.state, id) }

// NetnsPath is where Attach puts a container's netns on a bridge network or
// "none" (<state>/<id>). It is known before Attach returns, so a caller can
// write the runtime spec while Attach runs and wait for it only just before
// the container's init joins the netns.
func (m *Manager) NetnsPath(id string) string { return m.netnsPath(id) }

// writeJSON writes v atomically (temp file + rename).
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, b)
}

// writeFile writes b atomically (temp file + rename), making the parent dir.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b, 0o600)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// loadNetwork reads a network definition; ErrNotFound if there is none.
func (m *Manager) loadNetwork(name string) (*Network, error) {
	var n Network
	if err := readJSON(m.netPath(name), &n); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("network %s: %w", name, ErrNotFound)
		}
		return nil, fmt.Errorf("read network %s: %w", name, err)
	}
	return &n, nil
}

// Networks lists the defined networks, sorted by name.
func (m *Manager) Networks() ([]Network, error) {
	ents, err := os.ReadDir(filepath.Join(m.root, "networks"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("list networks: %w", err)
	}
	var out []Network
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		n, err := m.loadNetwork(name)
		if err != nil {
			return nil, err
		}
		out = append(out, *n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// leases reads every lease file.
func (m *Manager) leases() ([]lease, error) {
	ents, err := os.ReadDir(filepath.Join(m.root, "leases"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("list leases: %w", err)
	}
	var out []lease
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		var l lease
		if err := readJSON(filepath.Join(m.root, "leases", e.Name()), &l); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("read lease %s: %w", e.Name(), err)
		}
		out = append(out, l)
	}
	return out, nil
}

// Lookup returns a container's attachment as Attach made it.
func (m *Manager) Lookup(id string) (*Attachment, error) {
	var l lease
	if err := readJSON(m.leasePath(id), &l); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("container %s: %w", short(id), ErrNotFound)
		}
		return nil, fmt.Errorf("read lease: %w", err)
	}
	return &l.Attachment, nil
}

// Attached lists the ids of containers holding a lease (any network), so
// that the engine can Detach those it no longer knows (crash leftovers).
func (m *Manager) Attached() ([]string, error) {
	all, err := m.leases()
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(all))
	for _, l := range all {
		ids = append(ids, l.ID)
	}
	sort.Strings(ids)
	return ids, nil
}
