package container

import (
	"encoding/json"
	"time"

	"github.com/tent-dev/tent/internal/jsonlite"
)

// record.json is read field by field (internal/jsonlite), not by
// encoding/json, whose first use of a type in a new process builds its
// decoder by reflection and faults in encoding/json's code: every exec, ps
// and inspect paid for it, before the runtime's state.json (also read
// field by field). What the field by field read refuses (another writer's
// file: an unknown key, a null where tent writes none, an escaped time)
// goes to encoding/json; record_json_test.go compares the two.

// unmarshalRecord is json.Unmarshal into a Record: same result, same errors.
func unmarshalRecord(b []byte) (*Record, error) {
	if r, ok := unmarshalRecordFast(b); ok {
		return r, nil
	}
	r := new(Record)
	if err := json.Unmarshal(b, r); err != nil {
		return nil, err
	}
	return r, nil
}

func unmarshalRecordFast(b []byte) (*Record, bool) {
	r := new(Record)
	d := jsonlite.NewDecoder(b)
	d.Object(func(k string) bool { return r.decodeField(d, k) })
	return r, d.OK()
}

func (r *Record) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "Id":
		r.ID = d.String()
	case "Name":
		r.Name = d.String()
	case "Image":
		r.Image = d.String()
	case "ImageID":
		r.ImageID = d.String()
	case "Created":
		r.Created = d.Time()
	case "Path":
		r.Path = d.String()
	case "Args":
		r.Args = d.NullStrings()
	case "State":
		d.Object(func(k string) bool { return r.State.decodeField(d, k) })
	case "RestartCount":
		r.RestartCount = int(d.Int(0))
	case "Opts":
		r.Opts = orNilBytes(d)
	case "Network":
		r.Network = orNilBytes(d)
	case "Mounts":
		if !d.Null() {
			r.Mounts = []Mount{}
			d.Array(func() { r.Mounts = append(r.Mounts, decodeMount(d)) })
		}
	case "Healthcheck":
		if !d.Null() {
			r.Healthcheck = new(Healthcheck)
			d.Object(func(k string) bool { return r.Healthcheck.decodeField(d, k) })
		}
	default:
		return false
	}
	return true
}

func (s *State) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "Status":
		s.Status = d.String()
	case "Pid":
		s.Pid = int(d.Int(0))
	case "ExitCode":
		s.ExitCode = int(d.Int(0))
	case "OOMKilled":
		s.OOMKilled = d.Bool()
	case "Error":
		s.Error = d.String()
	case "StartedAt":
		s.StartedAt = d.Time()
	case "FinishedAt":
		s.FinishedAt = d.Time()
	case "Health":
		if !d.Null() {
			s.Health = new(Health)
			d.Object(func(k string) bool { return s.Health.decodeField(d, k) })
		}
	case "MonitorPid":
		s.MonitorPid = int(d.Int(0))
	case "PidStart":
		s.PidStart = d.Uint(64)
	case "MonitorStart":
		s.MonitorStart = d.Uint(64)
	case "StoppedByUser":
		s.StoppedByUser = d.Bool()
	case "Paused":
		s.Paused = d.Bool()
	default:
		return false
	}
	return true
}

func (h *Health) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "Status":
		h.Status = d.String()
	case "FailingStreak":
		h.FailingStreak = int(d.Int(0))
	case "Log":
		if !d.Null() {
			h.Log = []HealthResult{}
			d.Array(func() {
				var res HealthResult
				d.Object(func(k string) bool { return res.decodeField(d, k) })
				h.Log = append(h.Log, res)
			})
		}
	default:
		return false
	}
	return true
}

func (res *HealthResult) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "Start":
		res.Start = d.Time()
	case "End":
		res.End = d.Time()
	case "ExitCode":
		res.ExitCode = int(d.Int(0))
	case "Output":
		res.Output = d.String()
	default:
		return false
	}
	return true
}

func decodeMount(d *jsonlite.Decoder) Mount {
	var m Mount
	d.Object(func(k string) bool {
		switch k {
		case "Type":
			m.Type = d.String()
		case "Name":
			m.Name = d.String()
		case "Source":
			m.Source = d.String()
		case "Destination":
			m.Destination = d.String()
		case "RW":
			m.RW = d.Bool()
		case "Propagation":
			m.Propagation = d.String()
		case "Data":
			m.Data = d.NullStrings()
		case "CopyUp":
			m.CopyUp = d.Bool()
		default:
			return false
		}
		return true
	})
	return m
}

func (h *Healthcheck) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "Test":
		h.Test = d.NullStrings()
	case "Interval":
		h.Interval = time.Duration(d.Int(64))
	case "Timeout":
		h.Timeout = time.Duration(d.Int(64))
	case "StartPeriod":
		h.StartPeriod = time.Duration(d.Int(64))
	case "Retries":
		h.Retries = int(d.Int(0))
	case "StartInterval":
		h.StartInterval = time.Duration(d.Int(64))
	default:
		return false
	}
	return true
}

func orNilBytes(d *jsonlite.Decoder) []byte {
	if d.Null() {
		return nil
	}
	return d.Bytes()
}
