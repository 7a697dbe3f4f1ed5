package container

import "github.com/tent-dev/tent/internal/jsonlite"

// record.json is written field by field (internal/jsonlite), byte for byte
// as json.Marshal writes it: encoding/json builds a Record's encoder by
// reflection on first use, and keeps it. In the detached container's
// monitor, which writes its record on every start and exit, that cache and
// the reflection's garbage were heap it held for life (docs/benchmarks.md);
// every command that writes a record paid the build. record_json_test.go
// compares the two on a record with every field set (TestFullRecordIsFull
// makes a new field fail there until it is written here too).

// marshalRecord is json.Marshal(r): the same bytes; it fails where
// json.Marshal does (a time outside the years 0-9999), with jsonlite's
// message.
func marshalRecord(r *Record) ([]byte, error) {
	b := make([]byte, 0, 1024)
	b = append(b, '{')
	b = appendStr(b, "Id", r.ID)
	b = appendStr(b, "Name", r.Name)
	b = appendStr(b, "Image", r.Image)
	b = appendStr(b, "ImageID", r.ImageID)
	b, err := jsonlite.AppendTime(jsonlite.AppendKey(b, "Created"), r.Created)
	if err != nil {
		return nil, err
	}
	b = appendStr(b, "Path", r.Path)
	b = jsonlite.AppendStrings(jsonlite.AppendKey(b, "Args"), r.Args)
	if b, err = r.State.appendJSON(jsonlite.AppendKey(b, "State")); err != nil {
		return nil, err
	}
	b = jsonlite.AppendInt(jsonlite.AppendKey(b, "RestartCount"), int64(r.RestartCount))
	if len(r.Opts) > 0 {
		b = jsonlite.AppendBytes(jsonlite.AppendKey(b, "Opts"), r.Opts)
	}
	if len(r.Network) > 0 {
		b = jsonlite.AppendBytes(jsonlite.AppendKey(b, "Network"), r.Network)
	}
	if len(r.Mounts) > 0 {
		b = append(jsonlite.AppendKey(b, "Mounts"), '[')
		for i := range r.Mounts {
			if i > 0 {
				b = append(b, ',')
			}
			b = r.Mounts[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	if h := r.Healthcheck; h != nil {
		b = h.appendJSON(jsonlite.AppendKey(b, "Healthcheck"))
	}
	return append(b, '}'), nil
}

func (s *State) appendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	b = appendStr(b, "Status", s.Status)
	b = appendInt(b, "Pid", int64(s.Pid))
	b = appendInt(b, "ExitCode", int64(s.ExitCode))
	b = appendBool(b, "OOMKilled", s.OOMKilled)
	if s.Error != "" {
		b = appendStr(b, "Error", s.Error)
	}
	b, err := jsonlite.AppendTime(jsonlite.AppendKey(b, "StartedAt"), s.StartedAt)
	if err != nil {
		return nil, err
	}
	if b, err = jsonlite.AppendTime(jsonlite.AppendKey(b, "FinishedAt"), s.FinishedAt); err != nil {
		return nil, err
	}
	if s.Health != nil {
		if b, err = s.Health.appendJSON(jsonlite.AppendKey(b, "Health")); err != nil {
			return nil, err
		}
	}
	if s.MonitorPid != 0 {
		b = appendInt(b, "MonitorPid", int64(s.MonitorPid))
	}
	if s.PidStart != 0 {
		b = jsonlite.AppendUint(jsonlite.AppendKey(b, "PidStart"), s.PidStart)
	}
	if s.MonitorStart != 0 {
		b = jsonlite.AppendUint(jsonlite.AppendKey(b, "MonitorStart"), s.MonitorStart)
	}
	if s.StoppedByUser {
		b = appendBool(b, "StoppedByUser", true)
	}
	if s.Paused {
		b = appendBool(b, "Paused", true)
	}
	return append(b, '}'), nil
}

func (h *Health) appendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	b = appendStr(b, "Status", h.Status)
	b = appendInt(b, "FailingStreak", int64(h.FailingStreak))
	if len(h.Log) > 0 {
		b = append(jsonlite.AppendKey(b, "Log"), '[')
		for i, res := range h.Log {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = res.appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func (res *HealthResult) appendJSON(b []byte) ([]byte, error) {
	b, err := jsonlite.AppendTime(jsonlite.AppendKey(append(b, '{'), "Start"), res.Start)
	if err != nil {
		return nil, err
	}
	if b, err = jsonlite.AppendTime(jsonlite.AppendKey(b, "End"), res.End); err != nil {
		return nil, err
	}
	b = appendInt(b, "ExitCode", int64(res.ExitCode))
	b = appendStr(b, "Output", res.Output)
	return append(b, '}'), nil
}

func (m *Mount) appendJSON(b []byte) []byte {
	b = appendStr(append(b, '{'), "Type", m.Type)
	if m.Name != "" {
		b = appendStr(b, "Name", m.Name)
	}
	b = appendStr(b, "Source", m.Source)
	b = appendStr(b, "Destination", m.Destination)
	b = appendBool(b, "RW", m.RW)
	if m.Propagation != "" {
		b = appendStr(b, "Propagation", m.Propagation)
	}
	if len(m.Data) > 0 {
		b = jsonlite.AppendStrings(jsonlite.AppendKey(b, "Data"), m.Data)
	}
	if m.CopyUp {
		b = appendBool(b, "CopyUp", true)
	}
	return append(b, '}')
}

func (h *Healthcheck) appendJSON(b []byte) []byte {
	b = jsonlite.AppendStrings(jsonlite.AppendKey(append(b, '{'), "Test"), h.Test)
	b = appendInt(b, "Interval", int64(h.Interval))
	b = appendInt(b, "Timeout", int64(h.Timeout))
	b = appendInt(b, "StartPeriod", int64(h.StartPeriod))
	b = appendInt(b, "Retries", int64(h.Retries))
	if h.StartInterval != 0 {
		b = appendInt(b, "StartInterval", int64(h.StartInterval))
	}
	return append(b, '}')
}

func appendStr(b []byte, key, v string) []byte {
	return jsonlite.AppendString(jsonlite.AppendKey(b, key), v)
}

func appendInt(b []byte, key string, v int64) []byte {
	return jsonlite.AppendInt(jsonlite.AppendKey(b, key), v)
}

func appendBool(b []byte, key string, v bool) []byte {
	b = jsonlite.AppendKey(b, key)
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}
