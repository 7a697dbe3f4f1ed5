package container

import "time"

// Status values, as Docker names them.
const (
	StatusCreated    = "created"
	StatusRunning    = "running"
	StatusExited     = "exited"
	StatusRestarting = "restarting"
	StatusRemoving   = "removing"
	StatusDead       = "dead"
)

// Health status values.
const (
	HealthStarting  = "starting"
	HealthHealthy   = "healthy"
	HealthUnhealthy = "unhealthy"
)

// HealthResult is one probe's outcome, as docker inspect shows it.
type HealthResult struct {
	Start    time.Time `json:"Start"`
	End      time.Time `json:"End"`
	ExitCode int       `json:"ExitCode"`
	Output   string    `json:"Output"`
}

// Health is the state of a container's health check.
type Health struct {
	Status        string         `json:"Status"` // starting|healthy|unhealthy
	FailingStreak int            `json:"FailingStreak"`
	Log           []HealthResult `json:"Log,omitempty"` // the last few probes
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
	// PidStart and MonitorStart are the processes' start times (field 22 of
	// /proc/<pid>/stat, clock ticks since boot), so a reused pid is not ours.
	PidStart     uint64 `json:"PidStart,omitempty"`
	MonitorStart uint64 `json:"MonitorStart,omitempty"`
	// StoppedByUser is set by tent stop/kill: the restart policy leaves the
	// container stopped (and unless-stopped stays stopped).
	StoppedByUser bool `json:"StoppedByUser,omitempty"`
	// Paused: the container's cgroup is frozen (tent pause); Status stays
	// running, as Docker's State.Running does.
	Paused bool `json:"Paused,omitempty"`
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
	// RestartCount counts the monitor's restarts (restart policy, unhealthy).
	RestartCount int `json:"RestartCount"`
	// Opts holds the run options the container was made with (engine.RunOptions as JSON),
	// so that start/restart can make it again.
	Opts []byte `json:"Opts,omitempty"`
	// Network is the attachment (network.Attachment as JSON), for ps, port, inspect.
	Network []byte `json:"Network,omitempty"`
	// Mounts are the container's -v, --mount, --tmpfs, --volumes-from and
	// image-volume mounts, resolved when it is made (a volume's name fixed).
	Mounts []Mount `json:"Mounts,omitempty"`
	// Healthcheck is resolved when the container is made (the image's
	// HEALTHCHECK under the --health-* flags), so the monitor needs no image.
	Healthcheck *Healthcheck `json:"Healthcheck,omitempty"`
}

// Mount is one resolved mount of a container, as docker inspect's Mounts.
type Mount struct {
	Type        string   `json:"Type"`           // bind, volume, tmpfs
	Name        string   `json:"Name,omitempty"` // the volume's
	Source      string   `json:"Source"`         // host path ("" for a tmpfs)
	Destination string   `json:"Destination"`
	RW          bool     `json:"RW"`
	Propagation string   `json:"Propagation,omitempty"`
	Data        []string `json:"Data,omitempty"` // a tmpfs's options
	// CopyUp: the volume is filled from the image at Destination on the
	// container's first start when it is empty then (not with nocopy).
	CopyUp bool `json:"CopyUp,omitempty"`
}

// VolumeNames are the names of the volumes r mounts.
func (r *Record) VolumeNames() []string {
	var names []string
	for _, m := range r.Mounts {
		if m.Type == "volume" {
			names = append(names, m.Name)
		}
	}
	return names
}

// VolumeUsers are the ids of the containers among recs, but except, that
// use the volume name.
func VolumeUsers(recs []*Record, name, except string) []string {
	var ids []string
	for _, r := range recs {
		for _, m := range r.Mounts {
			if m.Type == "volume" && m.Name == name && r.ID != except {
				ids = append(ids, r.ID)
				break
			}
		}
	}
	return ids
}

// Healthcheck is a container's health check (Docker's HEALTHCHECK).
type Healthcheck struct {
	Test        []string      `json:"Test"` // argv exec'd in the container
	Interval    time.Duration `json:"Interval"`
	Timeout     time.Duration `json:"Timeout"`
	StartPeriod time.Duration `json:"StartPeriod"`
	Retries     int           `json:"Retries"`
	// StartInterval is the time between checks during StartPeriod (0: Interval).
	StartInterval time.Duration `json:"StartInterval,omitempty"`
}

// ShortID is the 12-hex id ps shows.
func (r *Record) ShortID() string { return ShortID(r.ID) }

// ShortID truncates a full id to Docker's 12 characters.
func ShortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
