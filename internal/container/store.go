package container

import (
	"errors"
	"time"
)

// ErrNotFound is returned (wrapped) when no container matches an id, id prefix or name.
var ErrNotFound = errors.New("no such container")

// ErrNameInUse is returned (wrapped) by Create when the name is taken.
var ErrNameInUse = errors.New("name already in use")

// Status values, as Docker names them.
const (
	StatusCreated    = "created"
	StatusRunning    = "running"
	StatusExited     = "exited"
	StatusRestarting = "restarting"
	StatusRemoving   = "removing"
)

// Health is the state of a container's health check.
type Health struct {
	Status        string `json:"Status"` // starting|healthy|unhealthy
	FailingStreak int    `json:"FailingStreak"`
}

// State is a container's lifecycle state, shown by ps and inspect.
type State struct {
	Status     string    `json:"Status"`
	Pid        int       `json:"Pid"`
	ExitCode   int       `json:"ExitCode"`
	OOMKilled  bool      `json:"OOMKilled"`
	Error      string    `json:"Error,omitempty"`
	StartedAt  time.Time `json:"StartedAt"`
	FinishedAt time.Time `json:"FinishedAt"`
	Health     *Health   `json:"Health,omitempty"`
	// MonitorPid is the detached container's monitor (0 in the foreground).
	MonitorPid int `json:"MonitorPid,omitempty"`
}

// Record is everything tent keeps about one container.
type Record struct {
	ID      string    `json:"Id"` // 64 hex
	Name    string    `json:"Name"`
	Image   string    `json:"Image"`   // as the user typed it
	ImageID string    `json:"ImageID"` // sha256:…
	Created time.Time `json:"Created"`
	Path    string    `json:"Path"` // argv[0]
	Args    []string  `json:"Args"`
	State   State     `json:"State"`
	// Opts holds the run options the container was made with (engine.RunOptions as JSON),
	// so that start/restart can make it again.
	Opts []byte `json:"Opts,omitempty"`
	// Network is the attachment (network.Attachment as JSON), for ps, port, inspect.
	Network []byte `json:"Network,omitempty"`
}

// Store keeps container records under one root dir, e.g. /var/lib/tent/containers.
type Store struct {
	root string
}

// Open opens (creating if needed) the store at root.
func Open(root string) (*Store, error) { return &Store{root: root}, nil }

// Dir is the container's own dir (record, upper, work, bundle, logs).
func (s *Store) Dir(id string) string { return s.root + "/" + id }
