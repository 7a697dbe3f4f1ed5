package vmbench

import (
	"math"
	"sort"
	"time"
)

// Millis is a start time's summary over the instances, in milliseconds.
type Millis struct {
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

// Row is one system at one N.
type Row struct {
	System  string  `json:"system"`
	Kind    string  `json:"kind"` // "vm" or "container"
	N       int     `json:"n"`
	Started int     `json:"started"` // instances that reached the marker
	StartMs Millis  `json:"start_ms"`
	PSSMiB  float64 `json:"pss_mib"` // per instance, mean
	Fit     int     `json:"fit"`     // instances of this size in the budget
	Error   string  `json:"error,omitempty"`
}

// Report is the whole run.
type Report struct {
	Accel     string  `json:"accel"` // e.g. "tcg: kvm unusable: …"
	Machine   string  `json:"machine"`
	Kernel    string  `json:"kernel"`
	Marker    string  `json:"marker"`
	BudgetMiB float64 `json:"budget_mib"`
	Rows      []Row   `json:"rows"`
	Ratios    []Ratio `json:"ratios,omitempty"`
}

// Ratio is the VM against one container system at one N.
type Ratio struct {
	Container string  `json:"container"`
	N         int     `json:"n"`
	Start     float64 `json:"start"` // VM median / container median
	PSS       float64 `json:"pss"`
}

// summarize is min, median and max of ds.
func summarize(ds []time.Duration) Millis {
	if len(ds) == 0 {
		return Millis{}
	}
	ms := make([]float64, len(ds))
	for i, d := range ds {
		ms[i] = float64(d.Microseconds()) / 1000
	}
	sort.Float64s(ms)
	med := ms[len(ms)/2]
	if len(ms)%2 == 0 {
		med = (ms[len(ms)/2-1] + ms[len(ms)/2]) / 2
	}
	return Millis{Min: ms[0], Median: med, Max: ms[len(ms)-1]}
}

// fit is how many instances of pss MiB fit in budget MiB.
func fit(budget, pss float64) int {
	if pss <= 0 {
		return 0
	}
	return int(math.Floor(budget / pss))
}

// ratios compares the VM row with each container row of the same N.
func ratios(rows []Row) []Ratio {
	var out []Ratio
	for _, v := range rows {
		if v.Kind != "vm" || v.Started == 0 {
			continue
		}
		for _, c := range rows {
			if c.Kind != "container" || c.N != v.N || c.Started == 0 || c.StartMs.Median <= 0 {
				continue
			}
			r := Ratio{Container: c.System, N: c.N, Start: round(v.StartMs.Median / c.StartMs.Median)}
			if c.PSSMiB > 0 {
				r.PSS = round(v.PSSMiB / c.PSSMiB)
			}
			out = append(out, r)
		}
	}
	return out
}

func round(f float64) float64 { return math.Round(f*10) / 10 }

// DefaultN is the second N: as many instances as the machine holds side
// by side without swapping or starving (one per CPU, at most 8), and as
// fit in availMiB at vmMiB each (qemu's PSS), at least 2.
func DefaultN(cpus int, availMiB, vmMiB float64) int {
	n := min(cpus, 8)
	if byMem := fit(availMiB/2, vmMiB); byMem < n {
		n = byMem
	}
	return max(n, 2)
}
