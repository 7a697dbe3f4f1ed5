package engine

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/volume"
)

// PruneFilter is `container prune --filter until=`: only containers made
// before Until (zero: all).
type PruneFilter struct {
	Until time.Time
}

// ParsePruneFilter parses until=TIMESTAMP|DURATION (RFC 3339, a date, Unix
// seconds, or a Go duration counted back from now), as Docker.
func ParsePruneFilter(args []string, now time.Time) (PruneFilter, error) {
	var f PruneFilter
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k != "until" {
			return f, fmt.Errorf("invalid filter %q: want until=TIMESTAMP|DURATION", a)
		}
		t, err := parseUntil(v, now)
		if err != nil {
			return f, err
		}
		f.Until = t
	}
	return f, nil
}

func parseUntil(v string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(v); err == nil {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(sec, 0), nil
	}
	return time.Time{}, fmt.Errorf("invalid filter 'until=%s': want a timestamp or a duration", v)
}

// ContainerPruneReport is what `container prune` removed.
type ContainerPruneReport struct {
	Containers     []string
	SpaceReclaimed int64
}

// ContainerPrune removes the stopped containers the filter passes.
func (e *Engine) ContainerPrune(f PruneFilter) (ContainerPruneReport, error) {
	var rep ContainerPruneReport
	recs, err := e.Containers.List()
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, r := range recs {
		if !prunable(r, f) {
			continue
		}
		size := volume.DirSize(e.Layout.UpperDir(r.ID))
		if err := e.Remove(r.ID, false); err != nil {
			errs = append(errs, err)
			continue
		}
		rep.Containers, rep.SpaceReclaimed = append(rep.Containers, r.ID), rep.SpaceReclaimed+size
	}
	return rep, errors.Join(errs...)
}

// prunable: stopped (exited or created and never started, as Docker), no
// monitor, made before the filter's time.
func prunable(r *container.Record, f PruneFilter) bool {
	if r.State.Status != container.StatusExited && r.State.Status != container.StatusCreated {
		return false
	}
	if r.State.Status == container.StatusCreated && r.State.Pid != 0 {
		return false // a foreground run being set up
	}
	if container.Alive(r.State.MonitorPid, r.State.MonitorStart) {
		return false
	}
	return f.Until.IsZero() || r.Created.Before(f.Until)
}

// ImagePruneReport is what `image prune` removed.
type ImagePruneReport struct {
	Removed        image.Removed
	SpaceReclaimed int64
}

// ImagePrune removes the dangling images (no name) no container uses; with
// all, every image no container uses.
func (e *Engine) ImagePrune(all bool) (ImagePruneReport, error) {
	var rep ImagePruneReport
	imgs, err := e.Images.List()
	if err != nil {
		return rep, err
	}
	used, err := e.usedImages()
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, img := range imgs {
		if used[img.ID] || (!all && len(img.Names) > 0) {
			continue
		}
		r, err := e.Images.Remove(img.ID, true)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rep.Removed.Untagged = append(rep.Removed.Untagged, r.Untagged...)
		rep.Removed.Deleted = append(rep.Removed.Deleted, r.Deleted...)
		rep.SpaceReclaimed += img.Size
	}
	return rep, errors.Join(errs...)
}

// usedImages are the ids of the images containers were made from.
func (e *Engine) usedImages() (map[string]bool, error) {
	recs, err := e.Containers.List()
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, r := range recs {
		used[r.ImageID] = true
	}
	return used, nil
}
